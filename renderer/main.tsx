/** The renderer's entry: find the API, create the store and controller, render the layout. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { connectApi } from './api/client.js';
import { Controller } from './store/controller.js';
import { createStore } from './store/store.js';
import './styles.css';

const conn = connectApi();
const store = createStore();
const controller = new Controller(conn, store);
controller.start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App store={store} controller={controller} mode={conn.mode} />
  </StrictMode>,
);
