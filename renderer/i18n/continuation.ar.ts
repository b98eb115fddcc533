/** Arabic strings of intake's notice for a scan carrying a registration's code (continuation or re-scan); keys mirror continuation.en.ts. */
export const continuationAr = {
  continuation: {
    continuation: 'يحمل هذا المسح رمز القيد {{number}} وفيه صفحات ليست في هذا القيد: هل هي تتمة لهذا الكتاب؟',
    rescan: 'يحمل هذا المسح رمز القيد {{number}}، وصفحاته موجودة في هذا القيد: فهو إعادة مسح، ولا شيء يُلحق.',
    attached: 'هذا الملف جزء من القيد {{number}} من قبل.',
    annulled: 'يحمل هذا المسح رمز القيد {{number}}، وهو قيد ملغى: لا يُلحق به شيء.',
    attach: 'إلحاقه بالقيد {{number}} تتمةً',
    attaching: 'جارٍ الإلحاق…',
    attachedTo: 'أُلحق تتمةً بالقيد',
    attachedDetail_zero: 'لا صفحات في القيد الآن',
    attachedDetail_one: 'في القيد الآن صفحة واحدة',
    attachedDetail_two: 'في القيد الآن صفحتان',
    attachedDetail_few: 'في القيد الآن {{count}} صفحات',
    attachedDetail_many: 'في القيد الآن {{count}} صفحة',
    attachedDetail_other: 'في القيد الآن {{count}} صفحة',
  },
};
