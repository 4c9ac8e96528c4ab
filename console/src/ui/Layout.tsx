import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { currentLang, type MessageKey, setLang, t } from '../i18n';
import { Link, useRoute } from '../router';
import { isAdmin, signOut } from '../auth/session';
import { MenuUnreadBadge, UnreadBadge } from '../screens/alerts/UnreadBadge';

interface NavItem {
  href: string;
  label: MessageKey;
  adminOnly?: boolean;
}

const NAV: NavItem[] = [
  { href: '/fields', label: 'nav.fields' },
  { href: '/farmers', label: 'nav.farmers' },
  { href: '/markets', label: 'nav.markets' },
  { href: '/schemes', label: 'nav.schemes' },
  { href: '/alerts', label: 'nav.alerts' },
  { href: '/members', label: 'nav.members', adminOnly: true },
];

/** The frame around every signed-in screen: header, navigation and the <main> landmark. */
export function Layout({ role, userName, children }: { role: string; userName: string; children: ComponentChildren }) {
  const { path } = useRoute();
  const [menuOpen, setMenuOpen] = useState(false);
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After navigating, close the menu and move focus to the new content so keyboard and screen-reader
  // users start there instead of on the link they left behind.
  useEffect(() => {
    setMenuOpen(false);
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.focus();
  }, [path]);

  return (
    <div class="layout">
      <header class="header">
        <span class="app-name">{t('app.name')}</span>
        <button
          type="button"
          class="menu-button"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          aria-describedby={menuOpen ? undefined : 'menu-unread'}
          onClick={() => setMenuOpen(!menuOpen)}
        >
          {t('nav.menu')}
          {/* Collapsed, the menu hides the Alerts link's badge: the button carries the count instead. */}
          {!menuOpen && <MenuUnreadBadge id="menu-unread" />}
        </button>
        <nav id="main-nav" class={menuOpen ? 'nav nav-open' : 'nav'} aria-label={t('nav.label')}>
          <ul>
            {NAV.filter((item) => !item.adminOnly || isAdmin(role)).map((item) => {
              const active = path === item.href || path.startsWith(`${item.href}/`);
              return (
                <li key={item.href}>
                  <Link href={item.href} aria-current={active ? 'page' : undefined}>
                    {t(item.label)}
                  </Link>
                  {item.href === '/alerts' && <UnreadBadge />}
                </li>
              );
            })}
          </ul>
        </nav>
        <div class="header-actions">
          <LanguageSwitch />
          <span class="user-name">{t('header.signedInAs', { name: userName })}</span>
          <button type="button" class="quiet" onClick={() => void signOut()}>
            {t('header.signOut')}
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

/** Names the other language in that language, so a reader of either finds it. */
export function LanguageSwitch() {
  const other = currentLang() === 'en' ? 'hi' : 'en';
  return (
    <button type="button" class="quiet" lang={other} onClick={() => setLang(other)}>
      {other === 'hi' ? 'हिन्दी' : 'English'}
    </button>
  );
}
