/** The inspector's entry point (bundled to dist/inspector.js, with its CSS to dist/inspector.css). */
import 'uplot/dist/uPlot.min.css';
import './inspector.css';
import { InspectorApp } from './app';

const root = document.getElementById('root');
if (root !== null) new InspectorApp(root);
