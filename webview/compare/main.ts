/** The Compare Runs panel's entry point (bundled to dist/compare.js, with its CSS to dist/compare.css). */
import 'uplot/dist/uPlot.min.css';
import '../../media/panel.css';
import './compare.css';
import { provideVSCodeDesignSystem, vsCodeCheckbox } from '@vscode/webview-ui-toolkit';
import { CompareApp } from './compareApp';

provideVSCodeDesignSystem().register(vsCodeCheckbox());

const root = document.getElementById('root');
if (root !== null) new CompareApp(root);
