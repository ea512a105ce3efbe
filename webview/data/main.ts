/** The Data view's entry point (bundled to dist/data.js, with its CSS to dist/data.css). */
// The inspector's styles (page, sections, buttons, findings) and the Data view's own.
import '../inspector/inspector.css';
import './data.css';
import { DataApp } from './dataApp';

const root = document.getElementById('root');
if (root !== null) new DataApp(root);
