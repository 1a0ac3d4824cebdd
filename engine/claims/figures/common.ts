/** Shared pieces of the figures schemas (engine/claims/figures/*.ts). */
import { z } from 'zod';

/** A figure the run may lack (NaN in the run: the server did not report it), null in the file. */
export const unmeasured = z.number().nullable();
export const count = z.number().int().nonnegative();
export const strings = z.array(z.string());

