import { en } from 'zod/locales';
import * as z from 'zod/mini';

// zod/mini loads no locale, so every issue would read "Invalid input"; classic zod installs these
// English messages when it is imported. The body and query parsers turn issues into the problem+json
// texts clients see, so they install them whichever schemas they are given (@sm/events and
// @sm/config do the same for their own).
z.config(en());
