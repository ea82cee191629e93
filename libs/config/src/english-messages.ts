import { en } from 'zod/locales';
import * as z from 'zod/mini';

// zod/mini loads no locale, so every issue would read "Invalid input"; classic zod installs these
// English messages when it is imported. Every schema module here imports this file first, so the
// texts in config errors stay the same whichever flavour a bundle holds, before anything parses.
z.config(en());
