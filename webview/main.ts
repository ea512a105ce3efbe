/** The loss panel's entry point (bundled to dist/webview.js, with its CSS to dist/webview.css). */
import 'uplot/dist/uPlot.min.css';
import '../media/panel.css';
import { provideVSCodeDesignSystem, vsCodeButton } from '@vscode/webview-ui-toolkit';
import { PanelApp } from './app';

provideVSCodeDesignSystem().register(vsCodeButton());

const root = document.getElementById('root');
if (root !== null) new PanelApp(root);
