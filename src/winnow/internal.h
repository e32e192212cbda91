/* winnow/internal.h: every module interface of libwinnow in one include, for the library's
 * own code, its CLI (programs/) and its tests.
 *
 * These headers (src/winnow/) are internal: their types and functions may change in any
 * release and none is exported from libwinnow.so. Programs and bindings outside this tree
 * use the public API, include/winnow.h. Nothing here prints or exits: functions return
 * wn_status (0 = OK) and keep the first error message on their handle. */
#ifndef WINNOW_INTERNAL_H
#define WINNOW_INTERNAL_H

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
