import { render } from 'preact';
import { App } from './app';
import { resumeSession } from './auth/session';
import { loadConsoleConfig } from './config';
import { DEFAULT_PATH } from './router';
import './styles/base.css';

if (!location.hash) history.replaceState(null, '', `#${DEFAULT_PATH}`);
void loadConsoleConfig();
void resumeSession();
render(<App />, document.getElementById('app')!);
