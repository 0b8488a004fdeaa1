#ifndef OMNIID_CSQLITE_SHIM_H
#define OMNIID_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
