/**
 * One inbox letter: the sender with their registry number and date, subject, classification,
 * priority, reply-by date, whether paper follows, the documents (the main one first, with a preview of
 * its first page when this desk can render it) and the actions.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InboxItem } from '../../shared/contract/index.ts';
import { api } from '../api/index.ts';
import { DualDate } from '../common/DualDate.tsx';
import { Num } from '../common/Num.tsx';
import { useUiSettings } from '../common/settings-context.tsx';
import { agencyDateTime } from '../common/time.ts';

/** Preview of the first page of a stored document, or a note when it cannot be rendered here. */
function FirstPage({ sha256, name }: { sha256: string; name: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<{ sha: string; url: string | null } | null>(null);
  useEffect(() => {
    let live = true;
    void api['intake.pagePreview']({ sha256, page: 0, maxWidth: 900 }).then((r) => {
      if (live) setState({ sha: sha256, url: r.ok ? r.value.dataUrl : null });
    });
    return () => {
      live = false;
    };
  }, [sha256]);
  if (!state || state.sha !== sha256) return <div className="page-image loading inbox-preview" aria-busy="true" />;
  if (!state.url) return <p className="muted">{t('inbox.noPreview')}</p>;
  return (
    <figure className="page-image inbox-preview">
      <img src={state.url} alt={t('inbox.pagePreview', { file: name })} data-testid="inbox-preview" />
    </figure>
  );
}

export function InboxDetail({ item, senderName }: { item: InboxItem; senderName: string }) {
  const { t, i18n } = useTranslation();
  const { arabicIndicDigits } = useUiSettings();
  const indic = i18n.language === 'ar' && arabicIndicDigits;
  const docs = [...item.documents].sort((a, b) => Number(b.main) - Number(a.main));
  const main = docs[0];
  return (
    <div className="inbox-detail-body">
      <dl className="fields-list" data-testid="inbox-fields">
        <dt>{t('inbox.from')}</dt>
        <dd>
          {senderName}{' '}
          <bdi dir="ltr" className="chip">
            {item.senderAgency}
          </bdi>
        </dd>
        <dt>{t('inbox.theirNumber')}</dt>
        <dd>
          <Num value={item.senderRegistryNumber} className="strong" />
        </dd>
        <dt>{t('inbox.theirDate')}</dt>
        <dd>
          <DualDate iso={item.senderRegistrationDate} />
        </dd>
        <dt>{t('inbox.receivedAt')}</dt>
        <dd>
          <bdi dir="ltr">{agencyDateTime(item.receivedAt, indic)}</bdi>
        </dd>
        <dt>{t('fields.subject')}</dt>
        <dd data-testid="inbox-subject">{item.subject}</dd>
        <dt>{t('fields.classification')}</dt>
        <dd>{t(`classification.${item.classification}`)}</dd>
        <dt>{t('fields.priority')}</dt>
        <dd>{t(`priority.${item.priority}`)}</dd>
        {item.replyBy && (
          <>
            <dt>{t('inbox.replyBy')}</dt>
            <dd>
              <DualDate iso={item.replyBy} />
            </dd>
          </>
        )}
        {item.paperFollows && (
          <>
            <dt>{t('channel.paper')}</dt>
            <dd>{t('inbox.paperFollows')}</dd>
          </>
        )}
      </dl>
      <h4>{t('inbox.documents')}</h4>
      <ul className="plain" data-testid="inbox-documents">
        {docs.map((d) => (
          <li key={d.sha256}>
            <bdi>{d.name}</bdi> {d.main && <span className="chip">{t('inbox.main')}</span>} · <Num value={d.mediaType} /> ·{' '}
            <Num value={t('inbox.size', { size: Math.max(1, Math.ceil(d.size / 1024)) })} />
          </li>
        ))}
      </ul>
      {main && <FirstPage sha256={main.sha256} name={main.name} />}
    </div>
  );
}
