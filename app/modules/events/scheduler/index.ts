// 1:1 meeting scheduler for a matchmaking event (对接会): public API.
// Pure: no HTTP, no database. See docs/decisions/012-meeting-scheduler.md.
export type * from './types';
export { agendaFor, schedule, validateManualMove, validateMoves, validateSwap } from './schedule';
export { assignDesks, checkDesks, deskConflict, scheduleFixedDesks, type DeskMap, type FixedDeskResult } from './fixed-desks';
