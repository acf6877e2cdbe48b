/* bcryptprimitives.dll for Wine 8, which has none (Windows 8 and later do).

   Programs built with Rust 1.78 or later (cryptography 43 and later, so every wheel the
   app can ship) import ProcessPrng from it to draw random bytes; without it, importing
   cryptography's Rust part fails with "DLL load failed ... Module not found".
   ProcessPrng is documented to never fail; here it forwards to BCryptGenRandom, which Wine
   implements. Used only in the Wine check's prefix (installer/check_wine.sh), never
   shipped: real Windows has its own. Build: x86_64-w64-mingw32-gcc -O2 -shared -s
   -o bcryptprimitives.dll bcryptprimitives.c -lbcrypt */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
    while (size) {   /* BCryptGenRandom takes a ULONG count */
        ULONG chunk = size > 0x40000000 ? 0x40000000 : (ULONG)size;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
            return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance; (void)reason; (void)reserved;
    return TRUE;
}
