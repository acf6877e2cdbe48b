/* icuuc.dll for Wine 8, which lacks Windows 10's system ICU.

   Qt6Core.dll of PySide6 6.10 and later imports these twenty ucnv_* functions from it, for
   legacy text codecs only; without the DLL, "import PySide6.QtCore" fails with "DLL load
   failed ... Module not found". Here no converter ever opens, so Qt offers no ICU codecs;
   UTF-8, UTF-16, UTF-32 and Latin-1 are Qt's own and keep working, and the app uses no
   other. Used only in the Wine check's prefix (installer/check_wine.sh), never shipped:
   real Windows 10 and 11 have their own. Build: x86_64-w64-mingw32-gcc -O2 -shared -s
   -o icuuc.dll icuuc.c */
#include <stddef.h>

typedef int UErrorCode;
#define EXPORT __declspec(dllexport)
#define U_FILE_ACCESS_ERROR 4
/* ICU's convention: a function does nothing if *error already holds a failure (> 0). */
#define FAIL(error) do { if ((error) && *(error) <= 0) *(error) = U_FILE_ACCESS_ERROR; } while (0)
#define UNUSED(x) (void)(x)

EXPORT void *ucnv_open(const char *name, UErrorCode *error)
{ UNUSED(name); FAIL(error); return NULL; }
EXPORT void ucnv_close(void *converter) { UNUSED(converter); }
EXPORT int ucnv_countAvailable(void) { return 0; }
EXPORT const char *ucnv_getAvailableName(int n) { UNUSED(n); return NULL; }
EXPORT const char *ucnv_getStandardName(const char *name, const char *standard, UErrorCode *error)
{ UNUSED(name); UNUSED(standard); FAIL(error); return NULL; }
EXPORT const char *ucnv_getName(const void *converter, UErrorCode *error)
{ UNUSED(converter); FAIL(error); return NULL; }
EXPORT signed char ucnv_getMaxCharSize(const void *converter) { UNUSED(converter); return 4; }
EXPORT void ucnv_reset(void *converter) { UNUSED(converter); }
EXPORT int ucnv_fromUCountPending(const void *converter, UErrorCode *error)
{ UNUSED(converter); UNUSED(error); return 0; }
EXPORT int ucnv_toUCountPending(const void *converter, UErrorCode *error)
{ UNUSED(converter); UNUSED(error); return 0; }
EXPORT void ucnv_fromUnicode(void *converter, char **target, const char *target_limit,
                             const void **source, const void *source_limit, int *offsets,
                             signed char flush, UErrorCode *error)
{ UNUSED(converter); UNUSED(target); UNUSED(target_limit); UNUSED(source);
  UNUSED(source_limit); UNUSED(offsets); UNUSED(flush); FAIL(error); }
EXPORT void ucnv_toUnicode(void *converter, void **target, const void *target_limit,
                           const char **source, const char *source_limit, int *offsets,
                           signed char flush, UErrorCode *error)
{ UNUSED(converter); UNUSED(target); UNUSED(target_limit); UNUSED(source);
  UNUSED(source_limit); UNUSED(offsets); UNUSED(flush); FAIL(error); }
EXPORT void ucnv_setFromUCallBack(void *converter, void *action, const void *context,
                                  void *old_action, const void **old_context, UErrorCode *error)
{ UNUSED(converter); UNUSED(action); UNUSED(context); UNUSED(old_action);
  UNUSED(old_context); UNUSED(error); }
EXPORT void ucnv_setToUCallBack(void *converter, void *action, const void *context,
                                void *old_action, const void **old_context, UErrorCode *error)
{ UNUSED(converter); UNUSED(action); UNUSED(context); UNUSED(old_action);
  UNUSED(old_context); UNUSED(error); }
EXPORT void ucnv_getFromUCallBack(const void *converter, void **action, const void **context)
{ UNUSED(converter); if (action) *action = NULL; if (context) *context = NULL; }
EXPORT void ucnv_getToUCallBack(const void *converter, void **action, const void **context)
{ UNUSED(converter); if (action) *action = NULL; if (context) *context = NULL; }
EXPORT void ucnv_cbFromUWriteUChars(void *args, const void **source, const void *source_limit,
                                    int offset, UErrorCode *error)
{ UNUSED(args); UNUSED(source); UNUSED(source_limit); UNUSED(offset); UNUSED(error); }
EXPORT void ucnv_cbToUWriteUChars(void *args, const void *source, int length, int offset,
                                  UErrorCode *error)
{ UNUSED(args); UNUSED(source); UNUSED(length); UNUSED(offset); UNUSED(error); }
/* Exported as functions; Qt only takes their addresses to pass as callbacks. */
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(void) { }
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(void) { }
