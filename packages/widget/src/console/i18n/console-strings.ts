import type en from './en.js';

/**
 * Every text the console shows, in the shape of the English table: a locale typed with it that
 * lacks a key (or has one too many) fails the type check.
 */
export type ConsoleStrings = typeof en;
