"""Writes a copy of an ELF64 little-endian object with bytes replaced inside
one section: patch_section.py IN OUT SECTION OFFSET HEXBYTES.

Lets lit tests corrupt one structure (a BTF header, a map definition) of a
real clang-built object while the rest of the file stays valid."""
import struct
import sys

src, dst, name, offset, hexbytes = sys.argv[1:6]
data = bytearray(open(src, "rb").read())
shoff, = struct.unpack_from("<Q", data, 0x28)
shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)

def header(i):
    # sh_name, sh_type, sh_flags, sh_addr, sh_offset, sh_size
    return struct.unpack_from("<IIQQQQ", data, shoff + i * shentsize)

names_offset = header(shstrndx)[4]
for i in range(shnum):
    sh_name, _, _, _, sh_offset, sh_size = header(i)
    end = data.index(b"\0", names_offset + sh_name)
    if data[names_offset + sh_name:end].decode() == name:
        patch = bytes.fromhex(hexbytes)
        at = int(offset, 0)
        if at + len(patch) > sh_size:
            sys.exit("patch_section.py: patch outside section " + name)
        data[sh_offset + at:sh_offset + at + len(patch)] = patch
        open(dst, "wb").write(data)
        sys.exit(0)
sys.exit("patch_section.py: no section " + name)
