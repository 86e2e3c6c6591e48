import { useT } from '~/i18n/use-t';
import { Alert } from './ui';

export function FlashMessage({ flash }: { flash: { tone: 'success' | 'info' | 'warning' | 'error'; message: string } }) {
  const t = useT();
  return <Alert tone={flash.tone}>{t(flash.message)}</Alert>;
}
