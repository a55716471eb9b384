using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Chapter4.Files;

/// <summary>A file given on the command line that cannot be used; the message says why, to follow the file's name.</summary>
public sealed class RegularFileException(string message) : Exception(message);

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
        if (path.Length == 0) throw new RegularFileException("is not a file (the path is empty)");
        if (path.Contains('\0')) throw new RegularFileException("is not a file (the path holds a NUL character)");
        if (Directory.Exists(path)) throw new RegularFileException("is a folder, not a file");
        var info = new FileInfo(path);
        if (!info.Exists && info.LinkTarget is null) throw new RegularFileException("does not exist");
        try
        {
            info.ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (FileNotFoundException)
        {
            throw new RegularFileException("is a symbolic link to a file that does not exist");
        }
        catch (IOException e)
        {
            throw new RegularFileException($"cannot be followed ({FirstLine(e.Message)})");
        }
        if (!info.Exists) throw new RegularFileException("is a symbolic link to a file that does not exist");
        FileStream stream;
        try
        {
            stream = OpenNonBlocking(path);
        }
        catch (UnauthorizedAccessException)
        {
            throw new RegularFileException("cannot be read (permission denied)");
        }
        catch (IOException e)
        {
            throw new RegularFileException($"cannot be read ({FirstLine(e.Message)})");
        }
        if (!IsRegular(stream))
        {
            stream.Dispose();
            throw new RegularFileException("is not a regular file (a pipe, socket or device)");
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
            var bytes = new byte[length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (IOException e)
        {
            throw new RegularFileException($"cannot be read ({FirstLine(e.Message)})");
        }
    }

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
