using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Chapter4.App;

/// <summary>
/// Standard output that reports a closed pipe. .NET's Console.Out drops a write to a pipe whose reader has gone
/// (EPIPE) without a word, so `momentum --steps 100000 | head -1` computed to the end and exited 0. One rule for
/// every command: once the reader is gone, the program stops, says nothing (no one is reading) and exits
/// <see cref="BrokenPipeExit"/>, 128 + SIGPIPE, as a shell pipeline expects of `yes | head -1`.
/// </summary>
public static class StandardOutput
{
    public const int BrokenPipeExit = 141;

    /// <summary>Makes Console.Out write to file descriptor 1 directly, so EPIPE surfaces as an IOException.</summary>
    public static void ReportBrokenPipes()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        try
        {
            // Fails on a closed descriptor (`>&-`): Console.Out then stays, and its own error is exit 1 as before.
            var stream = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
            Console.SetOut(new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 4096) { AutoFlush = true });
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or NotSupportedException)
        {
        }
    }

    /// <summary>Whether writing failed because the reader of the pipe has gone (EPIPE).</summary>
    public static bool IsBrokenPipe(Exception e) => Harness.LessonRunner.IsBrokenPipe(e);
}
