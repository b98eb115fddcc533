/** Arabic strings of intake's twin offer (TwinMatch.tsx); keys mirror twins.en.ts. */
export const twinsAr = {
  twins: {
    heading: 'قد يكون هذا الكتاب مقيدًا من قبل ({{channel}})',
    explain: 'يبدو أن القيد {{number}} هو هذا الكتاب نفسه واردًا بالقناة الأخرى. إن كان الكتاب نفسه فاربطه به: لا يُعطى رقم قيد جديد ويصبح القيد ورقيًا وإلكترونيًا.',
    more_zero: 'لا مرشحين آخرين.',
    more_one: 'مرشح آخر واحد.',
    more_two: 'مرشحان آخران.',
    more_few: '{{count}} مرشحين آخرين.',
    more_many: '{{count}} مرشحًا آخر.',
    more_other: '{{count}} مرشح آخر.',
    score: 'درجة التطابق',
    part: { text: 'النص', referenceNumber: 'رقم الكتاب', referenceDate: 'تاريخ الكتاب', counterpart: 'الجهة' },
    unknown: 'لم يُقرأ',
    thisDocument: 'هذا المستند ({{channel}})',
    registered: 'المقيد',
    field: { counterpart: 'الجهة', reference: 'رقم الكتاب وتاريخه', subject: 'الموضوع', registered: 'تاريخ القيد' },
    link: 'اربطه توأمًا (بلا رقم جديد)',
    linking: 'جارٍ الربط…',
    refuse: 'ليس الكتاب نفسه',
    linkedTo: 'رُبط توأمًا بالقيد',
    linkedDetail: 'القناة الآن: {{channel}}',
  },
};
