/** The inspector panels (issue 5): plain data in, callbacks out; the App and store mount them. */
export { SkiplistPanel, type SkiplistPanelProps } from './SkiplistPanel.js';
export { DriftPanel, type DriftPanelProps } from './DriftPanel.js';
export { FlamePanel, type FlamePanelProps, type FlameQuery } from './FlamePanel.js';
export { KeyBrowserPanel, type KeyBrowserPanelProps, type KeyTypeFilter } from './KeyBrowserPanel.js';
export { KeyBrowserController } from './KeyBrowserController.js';
export { VirtualList, ROW_HEIGHT_PX } from './VirtualList.js';
