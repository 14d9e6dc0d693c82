# cmake -DOUT=file "-DIN=a;b" -P concat.cmake: writes the files IN, one
# after the other, to OUT (see assent_module_js in CMakeLists.txt).
set(text "")
foreach(file IN LISTS IN)
  file(READ ${file} part)
  string(APPEND text "${part}\n")  # a part's last line may be a comment
endforeach()
file(WRITE ${OUT} "${text}")
