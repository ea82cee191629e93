import { en } from 'zod/locales';
import * as z from 'zod/mini';

// zod/mini loads no locale, so every issue would read "Invalid input"; classic zod installs these
// English messages when it is imported. Every schema module here imports this file first, so the
// problem+json texts clients see stay the same, before anything parses. (@sm/config does the same
// for its own schemas: a types lib may not depend on it.)
z.config(en());
