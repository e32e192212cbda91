/* winnow.h: the public API of libwinnow (being written: see issue 12). */
#ifndef WINNOW_H
#define WINNOW_H
#endif
