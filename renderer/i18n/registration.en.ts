/** English strings of a registration's channel, physical documentation, transport, document roles and twin events; keys mirror registration.ar.ts. */
export const registrationEn = {
  registration: {
    channel: 'Channel',
    documentation: 'Physical documentation',
    transport: 'Transport',
    documentationOf: { paper_original: 'Paper original', complementary_paper: 'Complementary paper', no_paper: 'No paper' },
    transportOf: { by_hand: 'By hand', courier: 'Courier', post: 'Post', fax: 'Fax', email: 'E-mail', exchange: 'Central exchange', unknown: 'Not recorded' },
    channelOf: { paper: 'Paper', electronic: 'Electronic', both: 'Paper and electronic' },
    audit: {
      twin_linked: 'Twin linked (channel: both)',
      twin_refused: 'Not the twin (candidate refused)',
      continuation_attached: 'Continuation attached',
    },
  },
  inboxTwin: {
    heading: 'Already registered on paper?',
    intro: 'This letter may be the electronic copy of a paper letter already registered. Joining it gives no new number: the registration becomes “paper and electronic” and the sender is told its registry number.',
    score: 'Match {{percent}}%',
    parts: 'text {{text}} · reference number {{reference}} · date {{date}} · counterpart {{counterpart}}',
    join: 'Join {{number}} (no new number)',
    joined: 'Joined to {{number}}; the sender is told.',
    none: 'No paper registration looks like this letter.',
    theirText: 'Text of the paper registration',
  },
};
