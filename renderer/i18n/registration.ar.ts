/** Arabic strings of a registration's channel, physical documentation, transport, document roles and twin events; keys mirror registration.en.ts. */
export const registrationAr = {
  registration: {
    channel: 'قناة الورود',
    documentation: 'التوثيق الورقي',
    transport: 'وسيلة النقل',
    documentationOf: { paper_original: 'أصل ورقي', complementary_paper: 'ورق مكمّل', no_paper: 'بلا ورق' },
    transportOf: { by_hand: 'باليد', courier: 'مراسل', post: 'البريد', fax: 'الفاكس', email: 'البريد الإلكتروني', exchange: 'منصة التبادل المركزية', unknown: 'غير مسجلة' },
    channelOf: { paper: 'ورقي', electronic: 'إلكتروني', both: 'ورقي وإلكتروني' },
    audit: {
      twin_linked: 'رُبط التوأم (القناة: ورقي وإلكتروني)',
      twin_refused: 'ليس توأمًا (رُفض الاقتراح)',
      continuation_attached: 'أُلحقت تتمة',
    },
  },
  inboxTwin: {
    heading: 'هل قُيد ورقيًا من قبل؟',
    intro: 'قد يكون هذا الكتاب النسخة الإلكترونية لكتاب ورقي مقيد من قبل. ضمّه إليه لا يعطي رقمًا جديدًا: يصبح القيد «ورقي وإلكتروني» ويُبلَّغ المرسل برقم القيد.',
    score: 'التطابق {{percent}}٪',
    parts: 'النص {{text}} · رقم الكتاب {{reference}} · التاريخ {{date}} · الجهة {{counterpart}}',
    join: 'ضمّه إلى {{number}} (بلا رقم جديد)',
    joined: 'ضُم إلى {{number}}، ويُبلَّغ المرسل.',
    none: 'لا يشبه هذا الكتابَ أيُّ قيد ورقي.',
    theirText: 'نص القيد الورقي',
  },
};
