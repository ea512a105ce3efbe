/** The HParams view's entry point (bundled to dist/hparams.js, with its CSS to dist/hparams.css). */
import 'uplot/dist/uPlot.min.css';
import '../../media/panel.css';
import './hparams.css';
import { HparamsApp } from './hparamsApp';

const root = document.getElementById('root');
if (root !== null) new HparamsApp(root);
