// Withdrawal (C05), a copy of the records (C13) and erasure (C14), each one tap.
const assent = require('../../assent/assent.js');

Page(assent.page({
  data: { status: '', records: '' },

  onPrivacy() {
    assent.showPreferences();
  },

  onWithdraw() {
    assent.withdraw().then(
      () => this.setData({ status: 'Consent withdrawn: nothing optional is sent any more.' }),
      (error) => this.setData({ status: error.message }),
    );
  },

  onExport() {
    this.setData({ records: JSON.stringify(assent.exportRecords(), null, 2) });
  },

  onErase() {
    assent.erase().then(() => this.setData({ status: 'Records erased on this phone.', records: '' }));
  },
}));
