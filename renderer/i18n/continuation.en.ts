/** English strings of intake's notice for a scan carrying a registration's code (continuation or re-scan); keys mirror continuation.ar.ts. */
export const continuationEn = {
  continuation: {
    continuation: 'This scan carries the registry code of registration {{number}} and brings pages it does not hold yet: further pages of that letter?',
    rescan: 'This scan carries the registry code of registration {{number}}, and its pages are already in that registration: it is a re-scan. Nothing to attach.',
    attached: 'This file is already part of registration {{number}}.',
    annulled: 'This scan carries the registry code of registration {{number}}, which is annulled: nothing can be attached to it.',
    attach: 'Attach to {{number}} as continuation',
    attaching: 'Attaching…',
    attachedTo: 'Attached as continuation to',
    attachedDetail_one: 'the registration now holds {{count}} page',
    attachedDetail_other: 'the registration now holds {{count}} pages',
  },
};
