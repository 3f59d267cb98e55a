package dev.flashbank.core.image;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import net.fornwall.jelf.ElfFile;
import net.fornwall.jelf.ElfNoteSection;
import net.fornwall.jelf.ElfSection;
import net.fornwall.jelf.ElfSectionHeader;
import net.fornwall.jelf.ElfSegment;
import net.fornwall.jelf.ElfSymbol;
import net.fornwall.jelf.ElfSymbolTableSection;

/**
 * Reads a linked 32-bit little-endian ARM ELF executable (what arm-none-eabi-ld / STM32CubeIDE produce).
 * <p>
 * <b>Why jelf.</b> ELF decoding (headers, section names, symbol and string tables, notes) is done by
 * <a href="https://github.com/fornwall/jelf">jelf</a> (net.fornwall.jelf, MIT licence): a small, maintained, pure-Java
 * ELF parser without dependencies, so the core stays headless and free of native tools. jelf trusts its input, so
 * before handing a file to it this reader checks the ELF header and the bounds of every program header, section
 * header and section itself, and it maps any failure inside jelf to an {@link ImageFormatException}; every error
 * names the byte offset of the offending structure.
 * <p>
 * <b>What is loaded.</b> Bytes of PT_LOAD program headers, placed at their <i>physical</i> (load) address
 * {@code p_paddr}, never {@code p_vaddr}: an initialised {@code .data} section runs in RAM but is programmed into flash
 * behind the code ({@code > RAM AT > FLASH}). Segments with {@code p_filesz = 0} and NOBITS sections ({@code .bss})
 * carry no bytes and are skipped. When the file has section headers, only the bytes of allocated, non-NOBITS
 * sections inside a PT_LOAD segment count, each at {@code p_paddr + (sh_offset - p_offset)}: the alignment padding
 * between output sections, which is part of the segment's file bytes, is a gap - exactly as objcopy sees it when it
 * writes HEX/S-record/BIN, so an ELF and its objcopy'd HEX read to the same segments (see {@link FirmwareImage}).
 * Without section headers (stripped table) each PT_LOAD segment's file bytes are taken whole.
 * <p>
 * <b>Entry point</b>: {@code e_entry} (Thumb bit as stored; 0 means "none", per the ELF specification).
 * <p>
 * <b>Version</b> (first found wins): the contents of section {@value #VERSION_SECTION}; otherwise the string stored
 * in (or pointed to by) the first of the symbols {@link #VERSION_SYMBOLS}. The text runs to the first NUL and must
 * be 1-{@value #MAX_VERSION_LENGTH} printable ASCII characters, otherwise it is not taken as a version.
 * <b>Build id</b>: the descriptor of the GNU build-id note (name "GNU", type NT_GNU_BUILD_ID = 3, linker option
 * {@code --build-id}), as lower-case hex.
 */
public final class ElfReader {

    /** Section whose contents are the version string (sample firmware: {@code __attribute__((section(".fw_version")))}). */
    public static final String VERSION_SECTION = ".fw_version";

    /** Symbols naming a version string (a char array, or a pointer to one), looked up in this order. */
    public static final List<String> VERSION_SYMBOLS = List.of("fw_version", "g_version", "__version");

    static final int MAX_VERSION_LENGTH = 128;

    // ELF32 layout and values jelf has no constants for (System V ABI, "ELF header", "Sections", "Symbol table").
    // Everything else (ELFCLASS*, ELFDATA*, ET_*, EM_ARM, SHT_*,
    // NT_GNU_BUILD_ID) comes from jelf's own constants.
    private static final int ELF32_HEADER_SIZE = 52;
    private static final int ELF32_PHDR_SIZE = 32;
    private static final int ELF32_SHDR_SIZE = 40;
    private static final int ELF32_SYM_SIZE = 16;
    private static final int EV_CURRENT = 1;
    private static final int SHN_LORESERVE = 0xFF00;
    private static final Map<Integer, String> MACHINES = Map.of(3, "x86", 8, "MIPS", 20, "PowerPC", 62, "x86-64",
            183, "AArch64", 243, "RISC-V", 83, "AVR", 94, "Xtensa", 105, "MSP430");

    private final String file;
    private final byte[] bytes;
    /** Section headers, filled by {@link #sectionHeaders(ElfFile)}; empty when the file has no section table. */
    private List<Shdr> sections = List.of();

    private ElfReader(String file, byte[] bytes) {
        this.file = file;
        this.bytes = bytes;
    }

    /** Whether {@code content} starts with the ELF magic {@code 0x7F 'E' 'L' 'F'}. */
    public static boolean looksLikeElf(byte[] content) {
        return content.length >= 4 && content[0] == 0x7F && content[1] == 'E' && content[2] == 'L' && content[3] == 'F';
    }

    /** Reads {@code content}; {@code file} is the name used in errors and as the image source. */
    public static FirmwareImage read(String file, byte[] content) throws ImageFormatException {
        return new ElfReader(file, content).read();
    }

    /**
     * A program header with jelf's values made unsigned: jelf sign-extends 32-bit fields, which would turn an address
     * such as 0x9000_0000 (external QSPI flash on many STM32 parts) negative.
     */
    private record Phdr(int index, long headerOffset, int type, long offset, long paddr, long filesz, long memsz) {
        static Phdr of(int index, long headerOffset, ElfSegment s) {
            return new Phdr(index, headerOffset, s.p_type, u(s.p_offset), u(s.p_paddr), u(s.p_filesz), u(s.p_memsz));
        }
    }

    /** A section header with unsigned values (see {@link Phdr}) and the jelf header for name lookups. */
    private record Shdr(int index, long headerOffset, ElfSectionHeader jelf, int type, long flags, long addr,
            long offset, long size, int link, long name) {
        static Shdr of(int index, long headerOffset, ElfSectionHeader h) {
            return new Shdr(index, headerOffset, h, h.sh_type, u(h.sh_flags), u(h.sh_addr), u(h.sh_offset), u(h.sh_size),
                    h.sh_link, u(h.sh_name));
        }

        /** Allocated, with bytes in the file (not NOBITS such as .bss). */
        boolean carriesLoadBytes() {
            return (flags & ElfSectionHeader.FLAG_ALLOC) != 0 && type != ElfSectionHeader.SHT_NOBITS
                    && type != ElfSectionHeader.SHT_NULL && size > 0;
        }

        long end() {
            return offset + size;
        }

        boolean holds(long address, long n) {
            return carriesLoadBytes() && address >= addr && address + n <= addr + size;
        }
    }

    /** One named symbol of the symbol table, values unsigned. */
    private record Sym(String name, long value, long size, int type) {
    }

    /**
     * The named code and data symbols of an ELF file (name -> address; Thumb bit cleared for functions), for "go to
     * symbol". Empty when the file has no symbol table; bad input is an {@link ImageFormatException} like for
     * {@link #read}.
     */
    public static Map<String, Long> symbols(String file, byte[] content) throws ImageFormatException {
        ElfReader r = new ElfReader(file, content);
        r.checkHeader();
        ElfFile elf;
        try {
            elf = ElfFile.from(content);
        } catch (RuntimeException e) {
            throw r.error(0, "malformed ELF header: " + describe(e), e);
        }
        r.sections = r.sectionHeaders(elf);
        Map<String, Long> out = new java.util.TreeMap<>();
        for (Sym sym : r.symbolTable(elf)) {
            if ((sym.type() == ElfSymbol.STT_FUNC || sym.type() == ElfSymbol.STT_OBJECT) && !sym.name().isEmpty()) {
                out.putIfAbsent(sym.name(), sym.type() == ElfSymbol.STT_FUNC ? sym.value() & ~1L : sym.value());
            }
        }
        return out;
    }

    /** Every named symbol of the first SHT_SYMTAB, each name offset checked against its string table. */
    private List<Sym> symbolTable(ElfFile elf) throws ImageFormatException {
        Optional<Shdr> symtab = sections.stream().filter(sh -> sh.type() == ElfSectionHeader.SHT_SYMTAB).findFirst();
        if (symtab.isEmpty()) {
            return List.of();
        }
        Shdr st = symtab.get();
        int link = st.link();
        if (link <= 0 || link >= sections.size() || sections.get(link).type() != ElfSectionHeader.SHT_STRTAB) {
            throw error(st.headerOffset() + 24, "the symbol table's sh_link " + link + " is not a string table");
        }
        long strtabSize = sections.get(link).size();
        ElfSymbolTableSection table = jelf(st.headerOffset(), "the symbol table",
                () -> (ElfSymbolTableSection) elf.getSection(st.index()));
        List<Sym> out = new ArrayList<>();
        for (int k = 0; k < table.symbols.length; k++) {
            ElfSymbol sym = table.symbols[k];
            long symOffset = st.offset() + (long) k * ELF32_SYM_SIZE;
            long nameOffset = u(sym.st_name);
            if (nameOffset >= strtabSize) {
                throw error(symOffset, String.format("symbol %d: name offset 0x%X lies outside the string table "
                        + "(0x%X bytes)", k, nameOffset, strtabSize));
            }
            if (nameOffset == 0) {
                continue;
            }
            String name = jelf(symOffset, "the name of symbol " + k, sym::getName);
            out.add(new Sym(name == null ? "" : name, u(sym.st_value), u(sym.st_size), sym.getType()));
        }
        return out;
    }

    private static long u(long jelfValue) {
        return jelfValue & 0xFFFF_FFFFL;
    }

    private FirmwareImage read() throws ImageFormatException {
        checkHeader();
        ElfFile elf;
        try {
            elf = ElfFile.from(bytes);
        } catch (RuntimeException e) { // jelf reports malformed input with ElfException or plain runtime exceptions
            throw error(0, "malformed ELF header: " + describe(e), e);
        }
        List<Phdr> loads = new ArrayList<>();
        for (int i = 0; i < u16(44); i++) {
            long at = u32(28) + (long) i * ELF32_PHDR_SIZE;
            int index = i;
            Phdr ph = Phdr.of(i, at, jelf(at, "program header " + i, () -> elf.getProgramHeader(index)));
            if (ph.type() != ElfSegment.PT_LOAD || ph.filesz() == 0) {
                continue;
            }
            if (ph.filesz() > ph.memsz()) {
                throw error(at + 16, String.format("program header %d: p_filesz 0x%X exceeds p_memsz 0x%X", i,
                        ph.filesz(), ph.memsz()));
            }
            requireInFile(at + 4, "program header " + i, ph.offset(), ph.filesz());
            loads.add(ph);
        }
        sections = sectionHeaders(elf);
        SegmentCollector data = new SegmentCollector(file);
        for (Phdr ph : loads) {
            long segEnd = ph.offset() + ph.filesz();
            boolean anySection = false;
            for (Shdr sh : sections) {
                if (!sh.carriesLoadBytes() || sh.offset() >= segEnd || sh.end() <= ph.offset()) {
                    continue;
                }
                String name = sectionName(sh);
                if (sh.offset() < ph.offset() || sh.end() > segEnd) {
                    throw error(sh.headerOffset(), String.format(
                            "section %s (file bytes 0x%X-0x%X) straddles the boundary of program header %d (0x%X-0x%X)",
                            name, sh.offset(), sh.end() - 1, ph.index(), ph.offset(), segEnd - 1));
                }
                anySection = true;
                data.add(ph.paddr() + (sh.offset() - ph.offset()), slice(sh.offset(), sh.size()),
                        String.format("section %s (program header %d, file offset 0x%X)", name, ph.index(), sh.offset()),
                        ImageLocation.offset(sh.offset()));
            }
            if (!anySection) {
                data.add(ph.paddr(), slice(ph.offset(), ph.filesz()),
                        String.format("program header %d (file offset 0x%X)", ph.index(), ph.offset()),
                        ImageLocation.offset(ph.offset()));
            }
        }
        List<Segment> segments = data.build(ImageLocation.offset(28),
                "no PT_LOAD program header with file bytes (nothing to program)");
        long entry = u32(24);
        FirmwareImage image = FirmwareImage.of(file, ImageFormat.ELF, segments,
                entry == 0 ? OptionalLong.empty() : OptionalLong.of(entry));
        return image.withMetadata(version(elf), buildId(elf));
    }

    /** Checks the fixed ELF header fields from the raw bytes (so errors can name their offsets) before jelf sees it. */
    private void checkHeader() throws ImageFormatException {
        if (bytes.length == 0) {
            throw error(0, "empty file");
        }
        if (!looksLikeElf(bytes)) {
            throw error(0, "not an ELF file: missing magic 0x7F 'E' 'L' 'F'");
        }
        if (bytes.length < ELF32_HEADER_SIZE) {
            throw error(bytes.length, "file truncated inside the ELF header (" + bytes.length + " bytes, an ELF32 header has "
                    + ELF32_HEADER_SIZE + ")");
        }
        int cls = bytes[4] & 0xFF;
        if (cls == ElfFile.CLASS_64) {
            throw error(4, "64-bit ELF (EI_CLASS = 2): only 32-bit ARM executables can be programmed into an STM32");
        }
        if (cls != ElfFile.CLASS_32) {
            throw error(4, "bad EI_CLASS " + cls);
        }
        int data = bytes[5] & 0xFF;
        if (data == ElfFile.DATA_MSB) {
            throw error(5, "big-endian ELF (EI_DATA = 2): STM32 (Cortex-M) images are little-endian");
        }
        if (data != ElfFile.DATA_LSB) {
            throw error(5, "bad EI_DATA " + data);
        }
        if (bytes[6] != EV_CURRENT) {
            throw error(6, "bad EI_VERSION " + (bytes[6] & 0xFF) + ", expected 1 (EV_CURRENT)");
        }
        int type = u16(16);
        if (type == ElfFile.ET_REL) {
            throw error(16, "relocatable object file (e_type = ET_REL), not a linked executable: link it first");
        }
        if (type != ElfFile.ET_EXEC && type != ElfFile.ET_DYN) {
            throw error(16, "not an executable (e_type = " + type + ")");
        }
        int machine = u16(18);
        if (machine != ElfFile.ARCH_ARM) {
            throw error(18, "not an ARM ELF: e_machine = " + machine
                    + Optional.ofNullable(MACHINES.get(machine)).map(n -> " (" + n + ")").orElse("")
                    + ", expected 40 (ARM)");
        }
        long phoff = u32(28);
        int phentsize = u16(42);
        int phnum = u16(44);
        if (phnum == 0) {
            throw error(44, "no program headers (e_phnum = 0): nothing to load");
        }
        if (phentsize != ELF32_PHDR_SIZE) {
            throw error(42, "bad e_phentsize " + phentsize + ", ELF32 program headers have " + ELF32_PHDR_SIZE + " bytes");
        }
        requireInFile(28, "the program header table", phoff, (long) phnum * ELF32_PHDR_SIZE);
        long shoff = u32(32);
        int shentsize = u16(46);
        int shnum = u16(48);
        int shstrndx = u16(50);
        if (shoff != 0 && shnum != 0) {
            if (shentsize != ELF32_SHDR_SIZE) {
                throw error(46, "bad e_shentsize " + shentsize + ", ELF32 section headers have " + ELF32_SHDR_SIZE
                        + " bytes");
            }
            requireInFile(32, "the section header table", shoff, (long) shnum * ELF32_SHDR_SIZE);
            if (shstrndx >= shnum && shstrndx < SHN_LORESERVE) {
                throw error(50, "e_shstrndx " + shstrndx + " is not a section (e_shnum = " + shnum + ")");
            }
            if (shstrndx != 0 && shstrndx < shnum) {
                long typeField = shoff + (long) shstrndx * ELF32_SHDR_SIZE + 4;
                long strType = le32(typeField);
                if (strType != ElfSectionHeader.SHT_STRTAB) {
                    throw error(typeField, "e_shstrndx " + shstrndx + " names a section of type " + strType
                            + ", not a string table (SHT_STRTAB = 3)");
                }
            }
        }
    }

    /** Section headers (empty if the file has no section header table), each checked to lie in the file. */
    private List<Shdr> sectionHeaders(ElfFile elf) throws ImageFormatException {
        List<Shdr> out = new ArrayList<>();
        if (u32(32) == 0 || u16(48) == 0) {
            return out;
        }
        for (int s = 0; s < u16(48); s++) {
            int index = s;
            long at = sectionHeaderOffset(s);
            // bounds first, from the raw header: jelf allocates a string table's declared size before any check,
            // so a corrupt sh_size would exhaust the heap instead of giving a clean error
            long rawType = le32(at + 4);
            if (rawType != ElfSectionHeader.SHT_NOBITS && rawType != ElfSectionHeader.SHT_NULL) {
                requireInFile(at + 16, "section header " + s, le32(at + 16), le32(at + 20));
            }
            Shdr sh = Shdr.of(s, at, jelf(at, "section header " + s, () -> elf.getSection(index)).header);
            if (sh.type() != ElfSectionHeader.SHT_NOBITS && sh.type() != ElfSectionHeader.SHT_NULL) {
                requireInFile(at + 16, "section header " + s, sh.offset(), sh.size());
            }
            out.add(sh);
        }
        return out;
    }

    /** The section's name, or "[index]" when the file gives it none. */
    private String sectionName(Shdr sh) throws ImageFormatException {
        int shstrndx = u16(50);
        if (sh.name() == 0 || shstrndx == 0 || shstrndx >= sections.size()) {
            return "[" + sh.index() + "]";
        }
        long tableSize = sections.get(shstrndx).size();
        if (sh.name() >= tableSize) {
            throw error(sh.headerOffset(), String.format("section %d: name offset 0x%X lies outside the section name "
                    + "table (0x%X bytes)", sh.index(), sh.name(), tableSize));
        }
        String name = jelf(sh.headerOffset(), "the name of section " + sh.index(), sh.jelf()::getName);
        return name == null || name.isEmpty() ? "[" + sh.index() + "]" : name;
    }

    private long sectionHeaderOffset(int index) {
        return u32(32) + (long) index * ELF32_SHDR_SIZE;
    }

    private Optional<VersionInfo> version(ElfFile elf) throws ImageFormatException {
        for (Shdr sh : sections) {
            if (sh.carriesLoadBytes() && VERSION_SECTION.equals(sectionName(sh))) {
                Optional<String> text = cString(sh.offset(), sh.size());
                if (text.isPresent()) {
                    return Optional.of(new VersionInfo(text.get(), "section " + VERSION_SECTION));
                }
            }
        }
        List<Sym> symbols = symbolTable(elf);
        for (String wanted : VERSION_SYMBOLS) {
            for (Sym sym : symbols) {
                if (!wanted.equals(sym.name())) {
                    continue;
                }
                long value = sym.value();
                long size = sym.size();
                Optional<String> text = stringAt(value, size);
                if (text.isEmpty() && size == 4) { // const char *g_version = "...": follow the pointer
                    Optional<Shdr> holder = sections.stream().filter(sh -> sh.holds(value, 4)).findFirst();
                    if (holder.isPresent()) {
                        text = stringAt(le32(holder.get().offset() + (value - holder.get().addr())), 0);
                    }
                }
                if (text.isPresent()) {
                    return Optional.of(new VersionInfo(text.get(), "symbol " + wanted));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The NUL-terminated printable string at run address {@code address} in an allocated section, if any; at most
     * {@code size} bytes when {@code size > 0}.
     */
    private Optional<String> stringAt(long address, long size) {
        long max = size > 0 ? Math.min(size, MAX_VERSION_LENGTH + 1) : MAX_VERSION_LENGTH + 1;
        for (Shdr sh : sections) {
            if (sh.holds(address, 1)) {
                return cString(sh.offset() + (address - sh.addr()), Math.min(max, sh.addr() + sh.size() - address));
            }
        }
        return Optional.empty();
    }

    /** Printable ASCII text from {@code off} up to a NUL (or {@code max} bytes); empty if not such a string. */
    private Optional<String> cString(long off, long max) {
        int n = 0;
        while (n < max && off + n < bytes.length && bytes[(int) (off + n)] != 0) {
            int c = bytes[(int) (off + n)] & 0xFF;
            if (c < 0x20 || c > 0x7E) {
                return Optional.empty();
            }
            n++;
        }
        if (n == 0 || n > MAX_VERSION_LENGTH) {
            return Optional.empty();
        }
        return Optional.of(new String(bytes, (int) off, n, StandardCharsets.US_ASCII));
    }

    private Optional<String> buildId(ElfFile elf) throws ImageFormatException {
        for (Shdr sh : sections) {
            if (sh.type() != ElfSectionHeader.SHT_NOTE) {
                continue;
            }
            ElfSection section = jelf(sh.headerOffset(), "note section " + sh.index(), () -> elf.getSection(sh.index()));
            if (section instanceof ElfNoteSection note && note.n_type == ElfNoteSection.NT_GNU_BUILD_ID
                    && "GNU".equals(jelf(sh.offset(), "the note name", note::getName))) {
                byte[] id = jelf(sh.offset(), "the build-id note", note::descriptorBytes);
                if (id.length > 0) {
                    return Optional.of(HexFormat.of().formatHex(id));
                }
            }
        }
        return Optional.empty();
    }

    private interface JelfCall<T> {
        T get();
    }

    /** Runs a jelf call; a failure becomes an error at {@code offset} about {@code what}. */
    private <T> T jelf(long offset, String what, JelfCall<T> call) throws ImageFormatException {
        try {
            return call.get();
        } catch (RuntimeException e) { // jelf signals malformed input with ElfException and plain runtime exceptions
            throw error(offset, "malformed ELF: cannot read " + what + " (" + describe(e) + ")", e);
        }
    }

    /** jelf's own message when it diagnosed the problem; otherwise which internal failure the bad data caused. */
    private static String describe(RuntimeException e) {
        if (e instanceof net.fornwall.jelf.ElfException && e.getMessage() != null) {
            return e.getMessage();
        }
        return "inconsistent structure, jelf failed with " + e.getClass().getSimpleName();
    }

    private void requireInFile(long fieldOffset, String what, long offset, long size) throws ImageFormatException {
        if (offset + size > bytes.length) {
            throw error(fieldOffset, String.format("%s needs file bytes 0x%X-0x%X but the file ends at 0x%X: truncated?",
                    what, offset, offset + size - 1, bytes.length));
        }
    }

    private byte[] slice(long offset, long size) {
        byte[] out = new byte[(int) size];
        System.arraycopy(bytes, (int) offset, out, 0, (int) size);
        return out;
    }

    private int u16(int off) {
        return (bytes[off] & 0xFF) | (bytes[off + 1] & 0xFF) << 8;
    }

    private long u32(int off) {
        return le32(off);
    }

    private long le32(long off) {
        int o = (int) off;
        return ((bytes[o] & 0xFFL) | (bytes[o + 1] & 0xFFL) << 8 | (bytes[o + 2] & 0xFFL) << 16
                | (bytes[o + 3] & 0xFFL) << 24);
    }

    private ImageFormatException error(long offset, String reason) {
        return new ImageFormatException(file, ImageLocation.offset(offset), reason);
    }

    private ImageFormatException error(long offset, String reason, Throwable cause) {
        return new ImageFormatException(file, ImageLocation.offset(offset), reason, cause);
    }
}
