/** The Data view's entry point (bundled to dist/data.js, with its CSS to dist/data.css). */
import './data.css';
import { DataApp } from './dataApp';

const root = document.getElementById('root');
if (root !== null) new DataApp(root);
