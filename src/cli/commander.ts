// commander, required as the CommonJS package it is: imported as an ES module, Node first scans its
// source for named exports (cjs-module-lexer) and wraps it in a module record. Required, every
// command starts with fewer instructions: `hotloop --version` 195-199 M -> 180-185 M (valgrind
// --tool=callgrind, NODE_EXTRA_CA_CERTS unset). Every value of commander the CLI uses comes from
// here, so that it is loaded one way only.
import { createRequire } from 'node:module';
import type * as Commander from 'commander';

const commander = createRequire(import.meta.url)('commander') as typeof Commander;

export const Command = commander.Command;
export type Command = Commander.Command;
export const CommanderError = commander.CommanderError;
export type CommanderError = Commander.CommanderError;
