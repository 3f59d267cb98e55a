/**
 * The page-flash family behind the core's seams: the family provider, the flash driver (unlock, page / bank / mass
 * erase by PHYSICAL bank with BKER, double-word and fast-row programming, SR errors decoded, option write with OPTSTRT
 * then OBL_LAUNCH), the protection model (RDP, WRP and PCROP ranges as pages), the bank-swap strategy (BFB2 + FB_MODE on
 * L4/G4, nSWAP_BANK on G0B1) and the doctor checks.
 */
package dev.flashbank.family.pageflash.flash;
