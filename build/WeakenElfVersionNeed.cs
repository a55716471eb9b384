// Makes TorchSharp's native shim load on Linux systems whose libstdc++ is older than the one it was
// built against (Debian 12, Ubuntu 22.04). See README "Troubleshooting the native library".
//
// libLibTorchSharp.so asks for GLIBCXX_3.4.32 only for `std::ios_base_library_init`, a symbol that
// GCC 13's <iostream> references to pull in stream initialisation and that nothing calls. Marking
// that version requirement WEAK (VER_FLG_WEAK in its Elf64_Vernaux entry) turns the loader's hard
// failure into a note. Where the system libstdc++ has the version the flag changes nothing.
//
// This one file is compiled twice: by MSBuild as an inline task (Directory.Build.targets) that
// patches the copy in each build output, and into Chapter4.Tests, which checks the exact bytes.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Chapter4.Build
{
    /// <summary>What a pass over one ELF file found and did.</summary>
    public sealed class ElfPatchReport
    {
        /// <summary>File offsets of the vna_flags fields that this pass changed.</summary>
        public List<long> ChangedFlagOffsets { get; } = new List<long>();

        /// <summary>Versions that were already weak (a second pass finds them here).</summary>
        public List<string> AlreadyWeak { get; } = new List<string>();

        /// <summary>Every version requirement in the file, as "library:version".</summary>
        public List<string> Requirements { get; } = new List<string>();
    }

    public static class ElfVersionNeedPatcher
    {
        private const uint ShtGnuVerneed = 0x6ffffffe;
        private const ushort VerFlgWeak = 0x2;

        /// <summary>
        /// Sets VER_FLG_WEAK on every version requirement named in <paramref name="versions"/>.
        /// The image is changed in place; nothing else in it is touched.
        /// </summary>
        public static ElfPatchReport Weaken(byte[] image, ICollection<string> versions)
        {
            var report = new ElfPatchReport();
            if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (image[4] != 2 || image[5] != 1)
                throw new InvalidDataException("only 64-bit little-endian ELF files are supported");

            long sectionHeaders = (long)U64(image, 0x28);
            int sectionHeaderSize = U16(image, 0x3A);
            int sectionCount = U16(image, 0x3C);
            for (int i = 0; i < sectionCount; i++)
            {
                long header = sectionHeaders + (long)i * sectionHeaderSize;
                if (U32(image, header + 4) != ShtGnuVerneed) continue;

                long verneedOffset = (long)U64(image, header + 24);
                uint stringTableIndex = U32(image, header + 40);
                uint needCount = U32(image, header + 44);
                long strings = (long)U64(image, sectionHeaders + stringTableIndex * (long)sectionHeaderSize + 24);

                long need = verneedOffset;
                for (uint n = 0; n < needCount; n++)
                {
                    int auxCount = U16(image, need + 2);
                    string library = CString(image, strings + U32(image, need + 4));
                    long aux = need + U32(image, need + 8);
                    for (int a = 0; a < auxCount; a++)
                    {
                        long flagsOffset = aux + 4;
                        string version = CString(image, strings + U32(image, aux + 8));
                        report.Requirements.Add(library + ":" + version);
                        if (versions.Contains(version))
                        {
                            ushort flags = U16(image, flagsOffset);
                            if ((flags & VerFlgWeak) != 0)
                            {
                                report.AlreadyWeak.Add(version);
                            }
                            else
                            {
                                ushort weak = (ushort)(flags | VerFlgWeak);
                                image[flagsOffset] = (byte)weak;
                                image[flagsOffset + 1] = (byte)(weak >> 8);
                                report.ChangedFlagOffsets.Add(flagsOffset);
                            }
                        }
                        uint nextAux = U32(image, aux + 12);
                        if (nextAux == 0) break;
                        aux += nextAux;
                    }
                    uint nextNeed = U32(image, need + 12);
                    if (nextNeed == 0) break;
                    need += nextNeed;
                }
            }
            return report;
        }

        /// <summary>
        /// Patches a file on disk. Writes through a temporary file and a rename, so a hard link to
        /// the NuGet cache (if the copy was ever made as one) is never written through.
        /// </summary>
        public static ElfPatchReport WeakenFile(string path, ICollection<string> versions)
        {
            byte[] image = File.ReadAllBytes(path);
            ElfPatchReport report = Weaken(image, versions);
            if (report.ChangedFlagOffsets.Count > 0)
            {
                string temporary = path + ".weakening";
                File.WriteAllBytes(temporary, image);
                File.Delete(path);
                File.Move(temporary, path);
            }
            return report;
        }

        private static ushort U16(byte[] b, long o) => (ushort)(b[o] | b[o + 1] << 8);
        private static uint U32(byte[] b, long o) => (uint)(b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24);
        private static ulong U64(byte[] b, long o) => U32(b, o) | (ulong)U32(b, o + 4) << 32;

        private static string CString(byte[] b, long o)
        {
            long end = o;
            while (b[end] != 0) end++;
            return Encoding.ASCII.GetString(b, (int)o, (int)(end - o));
        }
    }

#if !CHAPTER4_NO_MSBUILD_TASK
    /// <summary>MSBuild face of the patcher: runs after the output copy in every project.</summary>
    public sealed class WeakenElfVersionNeed : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public string File { get; set; } = "";

        [Microsoft.Build.Framework.Required]
        public string Versions { get; set; } = "";

        public override bool Execute()
        {
            if (!System.IO.File.Exists(File)) return true;
            var wanted = new HashSet<string>(Versions.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries));
            try
            {
                ElfPatchReport report = ElfVersionNeedPatcher.WeakenFile(File, wanted);
                foreach (long offset in report.ChangedFlagOffsets)
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal,
                        $"Chapter4: marked {Versions} weak in {File} (vna_flags at 0x{offset:x})");
                return true;
            }
            catch (Exception e) when (e is IOException || e is InvalidDataException || e is IndexOutOfRangeException)
            {
                Log.LogError($"Chapter4: could not patch {File}: {e.Message}");
                return false;
            }
        }
    }
#endif
}
