using System.Runtime.InteropServices;
using Chapter4.Language;
using Microsoft.Win32.SafeHandles;

namespace Chapter4.Files;

/// <summary>
/// Opens a file the user named, refusing anything that is not a regular file: a folder, a FIFO (whose open
/// would block), a device (<c>/dev/zero</c> is seekable, of length 0 and endless), a socket. On Linux the file is
/// opened non-blocking and its type read from the open descriptor, so no other file can be swapped in between.
/// </summary>
public static partial class RegularFile
{
    /// <summary>The opened file; the caller checks its length against its own limit.</summary>
    public static FileStream Open(string path)
    {
        if (path.Length == 0) throw Refused("empty-path");
        if (path.Contains('\0')) throw Refused("nul-in-path");
        if (Directory.Exists(path)) throw Refused("folder");
        var info = new FileInfo(path);
        if (!info.Exists && info.LinkTarget is null) throw Refused("missing");
        FileSystemInfo? target;
        try
        {
            target = info.ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (FileNotFoundException)
        {
            throw Refused("dangling-link");
        }
        catch (IOException e)
        {
            throw Refused("cannot-follow", SystemSays(e));
        }
        // FileInfo.Exists is true for a link whose target is gone (it looks at the link): the target says.
        if (!info.Exists || target is { Exists: false }) throw Refused("dangling-link");
        FileStream stream;
        try
        {
            stream = OpenNonBlocking(path);
        }
        catch (UnauthorizedAccessException)
        {
            throw Refused("permission-denied");
        }
        catch (IOException e)
        {
            throw Refused("cannot-read", SystemSays(e));
        }
        if (!IsRegular(stream))
        {
            stream.Dispose();
            throw Refused("not-regular");
        }
        return stream;
    }

    /// <summary>Reads the whole file, if it holds at most <paramref name="maxBytes"/>; else <paramref name="tooLarge"/> says why.</summary>
    public static byte[] ReadAll(string path, long maxBytes, Func<long, string> tooLarge)
    {
        using FileStream stream = Open(path);
        try
        {
            long length = stream.Length;
            if (length > maxBytes) throw new RegularFileException(tooLarge(length));
            // Read to the end, not to the stated length: a file under /proc says 0 bytes and holds more (it was read as
            // empty), and a file may grow while it is read. At most one byte past the limit is read to know it is over.
            var bytes = new MemoryStream((int)Math.Min(Math.Max(length, 4096), maxBytes + 1));
            var buffer = new byte[81920];
            int n;
            while ((n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, maxBytes + 1 - bytes.Length))) > 0)
            {
                bytes.Write(buffer, 0, n);
                if (bytes.Length > maxBytes) throw new RegularFileException(tooLarge(Math.Max(bytes.Length, stream.Length)));
            }
            return bytes.ToArray();
        }
        catch (IOException e)
        {
            throw Refused("cannot-read", SystemSays(e));
        }
    }

    /// <summary>Why the file cannot be used, in the learner's language, to follow the file's name.</summary>
    private static RegularFileException Refused(string key, params object?[] args) => new(Texts.Format(typeof(RegularFile), key, args));

    /// <summary>
    /// The system's own reason (.NET's or libc's words, English whatever the UI language): as it is in English, quoted as
    /// the system's in Chinese, so that the Chinese sentence stays Chinese.
    /// </summary>
    private static string SystemSays(IOException e) => Texts.Format(typeof(RegularFile), "system-says", FirstLine(e.Message));

    private static string FirstLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).Trim();
    }

    private static FileStream OpenNonBlocking(string path)
    {
        if (!OperatingSystem.IsLinux()) return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        const int ReadOnly = 0, NonBlocking = 0x800, CloseOnExec = 0x80000; // Linux's O_RDONLY, O_NONBLOCK, O_CLOEXEC
        int fd = OpenFile(path, ReadOnly | NonBlocking | CloseOnExec);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw errno == 13 ? new UnauthorizedAccessException() : new IOException(Marshal.GetPInvokeErrorMessage(errno));
        }
        return new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, bufferSize: 0);
    }

    /// <summary>
    /// Whether the open file is a regular file: statx on Linux (its layout is the same on every architecture),
    /// elsewhere a seekable stream.
    /// </summary>
    private static unsafe bool IsRegular(FileStream stream)
    {
        if (!OperatingSystem.IsLinux()) return stream.CanSeek;
        const int EmptyPath = 0x1000; // AT_EMPTY_PATH: the descriptor itself
        const uint TypeMask = 0x1;     // STATX_TYPE
        byte* buffer = stackalloc byte[256]; // struct statx is 256 bytes
        bool added = false;
        SafeFileHandle handle = stream.SafeFileHandle;
        try
        {
            handle.DangerousAddRef(ref added);
            if (StatX((int)handle.DangerousGetHandle(), "", EmptyPath, TypeMask, buffer) != 0) return stream.CanSeek;
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
        ushort mode = *(ushort*)(buffer + 28); // stx_mode
        return (mode & 0xF000) == 0x8000;       // S_IFMT == S_IFREG
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenFile(string path, int flags);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int StatX(int dirfd, string path, int flags, uint mask, byte* buffer);
}

// Declared after RegularFile: the SDK names the .resx beside this file after the first class in it.
/// <summary>A file given on the command line that cannot be used; the message says why, to follow the file's name.</summary>
public sealed class RegularFileException(string message) : Exception(message);
