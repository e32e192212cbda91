/* winnow.h: the public API of libwinnow, the only header programs and bindings include.
 *
 * Each capability has its own header under winnow/; this umbrella pulls them all in so that
 * a program writes one #include. Nothing here prints or exits: functions return wn_status
 * (0 = OK) and keep the first error message on their handle. */
#ifndef WINNOW_H
#define WINNOW_H

#include "winnow/core.h"
#include "winnow/path.h"
#include "winnow/doc.h"
#include "winnow/io.h"
#include "winnow/charset.h"
#include "winnow/text.h"
#include "winnow/comm.h"
#include "winnow/pipeline.h"
#include "winnow/report.h"
#include "winnow/langid.h"
#include "winnow/dedup.h"
#include "winnow/extract.h"
#include "winnow/filter.h"

#endif
