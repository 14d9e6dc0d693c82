// Generated from web/schema/assent.config.schema.json by web/schema/config-types.mjs; do not edit.

/** Names, or prefixes ending in *. */
export type AssentConfigNames = Array<string>;

/** A purpose id, or a list of them. */
export type AssentConfigPurposeList = string | Array<string>;

/** A site's or mini-program's Assent config. The core's parser is the judge (it names the path of every problem); this schema lets editors complete and check the file as it is written. tests/core/config_schema_test.cpp keeps its keys, required keys and ranges equal to the parser's. */
export interface AssentConfig {
  /** This schema's URL or path, for editors. */
  '$schema'?: string;
  /** Names the site in every record: another site's record never counts here. */
  siteId?: string;
  /** The policy's revision; raising it asks everyone again. */
  revision: number;
  /** Where the banner sits: a box at the bottom centre, a full-width bar at the bottom or top, or a box in a bottom corner. */
  layout?: 'box' | 'bar-bottom' | 'bar-top' | 'corner-left' | 'corner-right';
  /** Where the floating "Privacy settings" button sits once the banner is gone, or off for a site with its own data-assent-open link. */
  launcher?: 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left' | 'off';
  /** The colour scheme of the banner, dialogs, placeholders and launcher: the visitor's (auto), or always light or always dark. */
  theme?: 'auto' | 'light' | 'dark';
  /** Records kept per browser: the first one and the newest. */
  historyLimit?: number;
  /** The language of texts used when none of the person's languages has texts. */
  defaultLanguage: string;
  /** What the site asks consent for. */
  purposes: Array<{
    id: string;
    /** Strictly necessary: always on, never asked. */
    required?: boolean;
    /** Pre-ticked; only a required purpose may be. */
    default?: boolean;
    /** How long a decision holds (0: until changed). */
    expiresAfterDays?: number;
    legalBasis?: 'consent' | 'legitimate_interest' | 'necessary';
    /** Sale or sharing of personal data: refused by a Global Privacy Control signal. */
    saleOrShare?: boolean;
    /** Never granted by accept all: only on its own. */
    sensitive?: boolean;
  }>;
  /** The scripts, cookies and storage keys each purpose covers. */
  services?: Array<{
    id: string;
    purpose: string;
    cookies?: AssentConfigNames;
    storageKeys?: AssentConfigNames;
    scripts?: AssentConfigNames;
  }>;
  /** Device permissions asked with a pre-prompt first. */
  permissions?: Array<{
    capability: string;
    purpose: string;
    expiresAfterDays?: number;
    /** After "not now", how long before it is asked again (0: the next time it is wanted). */
    askAgainAfterMinutes?: number;
  }>;
  /** The words shown, one entry per language tag. */
  texts: Record<string, {
    title: string;
    body: string;
    acceptAll: string;
    rejectAll: string;
    customise: string;
    save: string;
    preferencesTitle?: string;
    /** The accessible name of the preferences' close (×) button, which returns to the banner without deciding. Without it (or empty), the button is named by title, the banner it returns to. */
    close?: string;
    links?: Array<{
      label: string;
      url: string;
    }>;
    /** Words for every purpose, by id. */
    purposes: Record<string, {
      name: string;
      description: string;
    }>;
    /** Words for every permission, by capability. */
    permissions?: Record<string, {
      title: string;
      body: string;
      allow: string;
      deny: string;
      next: string;
      blocked: string;
      /** The "not now" button: records nothing. Default: Not now / 以后再说. */
      later?: string;
      /** Try again: after a failed request, or once the person changed a blocked setting. Default: Try again / 重试. */
      retry?: string;
      /** Said when the platform's request failed without an answer. Default: That did not work this time. / 这次没有成功。 */
      failed?: string;
    }>;
    /** The buttons of an embed's placeholder (its title and body are the purpose's name and description). Without them, a placeholder in this language offers only the preferences. */
    placeholder?: {
      /** Loads this frame for this page view; records nothing. */
      loadOnce: string;
      /** Grants the embed's purpose (recorded with surface "placeholder"). */
      allow: string;
    };
    /** The words of the preferences' controls for a visitor's own data (shown only with tracker.collectorUrl). Each one left out takes the default in this language: Chinese for zh*, English for any other. */
    myData?: {
      /** The button that downloads what the collector and this device keep, as assent-my-data.json. */
      download?: string;
      /** The button that asks, in the dialog, to erase it. */
      erase?: string;
      /** The question erasing asks first. */
      confirm?: string;
      /** The answer that erases. */
      confirmYes?: string;
      /** The answer that erases nothing. */
      cancel?: string;
      /** Said after a download. */
      downloaded?: string;
      /** Said after an erasure. */
      erased?: string;
      /** Said before the reason a download or an erasure failed. */
      failed?: string;
    };
  }>;
  /** The click-stream tracker: what it captures, for which purpose, and where it sends. */
  tracker?: {
    /** Where batches go ('' or absent: nothing is sent). */
    collectorUrl?: string;
    /** Event name to the purpose it needs. */
    events?: Record<string, string>;
    holdLimit?: number;
    holdTtlMinutes?: number;
    batchMaxEvents?: number;
    batchMaxBytes?: number;
    flushIntervalMs?: number;
    sessionTimeoutMinutes?: number;
    pendingLimit?: number;
    excludeBots?: boolean;
    identifiers?: AssentConfigPurposeList;
    /** Purpose to the event properties it lets through. */
    properties?: Record<string, Array<string>>;
    masking?: {
      phone?: boolean;
      email?: boolean;
      idNumber?: boolean;
      bankCard?: boolean;
      urlParams?: Array<string>;
    };
  };
  /** Google Consent Mode v2 signals, derived from the purposes. */
  consentMode?: {
    enabled?: boolean;
    waitForUpdateMs?: number;
    signals?: Partial<Record<'ad_storage' | 'ad_user_data' | 'ad_personalization' | 'analytics_storage' | 'functionality_storage' | 'personalization_storage' | 'security_storage', AssentConfigPurposeList>>;
  };
  /** IAB TCF v2.3: the __tcfapi page API and the euconsent-v2 cookie, checked against the site's copy of the Global Vendor List. Read by the TCF module (assent_tcf.wasm), which only a config with this section loads. */
  tcf?: {
    /** URL of the site's own copy of the Global Vendor List (JSON, v3), relative to the config. */
    vendorList: string;
    /** The CMP id the IAB registered. */
    cmpId: number;
    /** The CMP's version, as registered. */
    cmpVersion: number;
    /** The publisher's country (ISO 3166-1 alpha-2). */
    publisherCountryCode: string;
    /** Purpose 1 was not disclosed (only where the publisher's country allows it). */
    purposeOneTreatment?: boolean;
    /** GVL ids of the vendors the site works with. */
    vendors: Array<number>;
    /** GVL ids of the special features (1: precise geolocation) the site asks the person to opt in to. */
    specialFeatures?: Array<number>;
    /** The site's purposes mapped to TCF purposes; each TCF purpose at most once. */
    purposes: Array<{
      /** A purposes[].id of this config. */
      purpose: string;
      /** TCF purposes that granting this purpose consents to. */
      consent?: Array<number>;
      /** TCF purposes used on legitimate interest while this purpose is granted; never 1 nor 3-6. */
      legitimateInterest?: Array<number>;
    }>;
    /** The publisher's own processing, sent in the TC string's PublisherTC segment (absent: no segment). */
    publisher?: {
      /** Your purposes mapped to the TCF purposes you use yourself; each TCF purpose at most once. */
      purposes?: Array<{
        /** A purposes[].id of this config. */
        purpose: string;
        /** TCF purposes you use yourself on consent while this purpose is granted. */
        consent?: Array<number>;
        /** TCF purposes you use yourself on legitimate interest while this purpose is granted; never 1 nor 3-6. */
        legitimateInterest?: Array<number>;
      }>;
      /** Purposes of your own that the TCF does not define; custom purpose n is the n-th. */
      customPurposes?: Array<{
        /** The purposes[].id whose grant the custom purpose follows. */
        purpose: string;
        /** Its legal basis. */
        basis: 'consent' | 'legitimateInterest';
      }>;
    };
  };
  /** IAB Global Privacy Platform: the __gpp page API and its GPP string, with the sections listed here. Read by the TCF module (assent_tcf.wasm), which only a config with this section or `tcf` loads. */
  gpp?: {
    /** The sections the GPP string carries: usnat (MSPA US National, section 7) and/or tcfeuv2 (the TC string, section 2; needs `tcf`). All of them are the applicable sections. */
    sections: Array<'usnat' | 'tcfeuv2'>;
    /** How the site's purposes stand for usnat's (version 1) choices. A choice left out is not applicable: the site does not do it. */
    usnat?: {
      /** The purpose whose refusal is the opt-out of the sale of personal data. */
      saleOptOut?: string;
      /** The purpose whose refusal is the opt-out of sharing (cross-context behavioural advertising). */
      sharingOptOut?: string;
      /** The purpose whose refusal is the opt-out of targeted advertising. */
      targetedAdvertisingOptOut?: string;
      /** Sensitive-data categories the site processes, each with the purpose that asks consent for it. */
      sensitiveData?: Array<{
        /** usnat's sensitive-data category: 1 racial or ethnic origin, 2 religious beliefs, 3 health, 4 sex life, 5 citizenship, 6 genetic, 7 biometric, 8 precise geolocation, 9 government ids, 10 account log-ins and card numbers, 11 union membership, 12 mail and message contents. */
        category: number;
        /** The purpose that asks consent to process that category. */
        purpose: string;
      }>;
      /** The purpose that asks consent to use personal data beyond what it was collected for. */
      personalDataConsents?: string;
      /** The site signed the IAB's Multi-State Privacy Agreement and its transactions are covered. */
      mspaCoveredTransaction?: boolean;
      /** Required for a covered transaction: the MSPA's Opt-Out Option Mode or Service Provider Mode. */
      mspaMode?: 'optOut' | 'serviceProvider';
    };
  };
}
