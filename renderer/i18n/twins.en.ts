/** English strings of intake's twin offer (TwinMatch.tsx); keys mirror twins.ar.ts. */
export const twinsEn = {
  twins: {
    heading: 'The same letter may already be registered ({{channel}})',
    explain: 'Registration {{number}} looks like this letter arriving by the other channel. If it is the same letter, link it: no new number is given and the registration becomes paper and electronic.',
    more_one: '{{count}} more candidate.',
    more_other: '{{count}} more candidates.',
    score: 'Match',
    part: { text: 'text', referenceNumber: 'reference number', referenceDate: 'reference date', counterpart: 'counterpart' },
    unknown: 'not read',
    thisDocument: 'This document ({{channel}})',
    registered: 'Registered',
    thisText: 'Text of this document',
    registeredText: 'Text of registration {{number}}',
    field: { counterpart: 'Counterpart', reference: 'Reference', subject: 'Subject', registered: 'Registered on' },
    link: 'Link as twin (no new number)',
    linking: 'Linking…',
    refuse: 'Not the same letter',
    linkedTo: 'Linked as twin to',
    linkedDetail: 'channel now: {{channel}}',
  },
};
