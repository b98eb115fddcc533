/**
 * A likely duplicate found while pulling the agency journal (`duplicates.list`): this record and
 * another one look like one letter registered twice (one document, or one sender reference and
 * date). The clerk resolves it (`duplicates.resolve`): not a duplicate, or a duplicate.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DuplicateFlag } from '../../shared/contract/index.ts';
import type { ErrorValue } from '../../shared/errors.ts';
import { api } from '../api/index.ts';
import { ErrorBox } from '../common/ErrorBox.tsx';
import { Num } from '../common/Num.tsx';
import { useExchangeStatus } from '../exchange/status-context.tsx';

interface Props {
  registryNumber: string;
  register: string;
  onOpenRecord: (registryNumber: string, register: string | null) => void;
}

export function DuplicateNotice({ registryNumber, register, onOpenRecord }: Props) {
  const { t } = useTranslation();
  const { generation } = useExchangeStatus();
  const [flags, setFlags] = useState<DuplicateFlag[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<ErrorValue | null>(null);

  useEffect(() => {
    let live = true;
    void api['duplicates.list']({}).then((r) => {
      if (!live || !r.ok) return;
      setFlags(
        r.value.items.filter(
          (f) =>
            f.resolution === null &&
            ((f.a.registryNumber === registryNumber && f.a.register === register) || (f.b.registryNumber === registryNumber && f.b.register === register)),
        ),
      );
    });
    return () => {
      live = false;
    };
  }, [registryNumber, register, generation]);

  const resolve = async (id: number, resolution: 'distinct' | 'duplicate') => {
    setError(null);
    const r = await api['duplicates.resolve']({ id, resolution });
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setFlags((fs) => fs.filter((f) => f.id !== id));
    setDone(resolution === 'distinct' ? t('delivery.resolvedDistinct') : t('delivery.resolvedDuplicate'));
  };

  if (flags.length === 0 && !done && !error) return null;
  return (
    <div data-testid="duplicate-notice">
      {flags.map((f) => {
        const other = f.a.registryNumber === registryNumber && f.a.register === register ? f.b : f.a;
        return (
          <div key={f.id} className="notice warn" role="group" aria-labelledby={`dup-${f.id}`}>
            <p id={`dup-${f.id}`}>
              <strong>{t('delivery.duplicateHeading')}: </strong>
              {f.reason === 'same_document' ? t('delivery.duplicateSameDocument') : t('delivery.duplicateSameReference')}{' '}
              <button type="button" className="link" onClick={() => onOpenRecord(other.registryNumber, other.register)}>
                <Num value={other.registryNumber} />
              </button>
              {other.originDesk && (
                <>
                  {' '}
                  <bdi dir="ltr" className="chip">
                    {other.originDesk}
                  </bdi>
                </>
              )}
            </p>
            <div className="row">
              <button type="button" onClick={() => void resolve(f.id, 'distinct')}>
                {t('delivery.markDistinct')}
              </button>
              <button type="button" onClick={() => void resolve(f.id, 'duplicate')}>
                {t('delivery.markDuplicate')}
              </button>
            </div>
          </div>
        );
      })}
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
    </div>
  );
}
