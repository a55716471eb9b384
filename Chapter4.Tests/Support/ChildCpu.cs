using System.Diagnostics;

namespace Chapter4.Tests.Support;

/// <summary>
/// Waiting for a child process by the work it has done, not by the wall clock: on a loaded machine a child may spend
/// seconds of wall time before it has even installed its signal handlers, so a signal sent "after 4 s" can meet the
/// runtime's defaults instead of the program's. CPU time is the child's own progress, whatever else runs beside it.
/// </summary>
internal static class ChildCpu
{
    /// <summary>Returns once <paramref name="process"/> has used <paramref name="cpu"/> of processor time, has exited, or <paramref name="limit"/> has passed.</summary>
    public static TimeSpan WaitFor(Process process, TimeSpan cpu, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            process.Refresh();
            if (process.HasExited) break;
            try
            {
                if (process.TotalProcessorTime >= cpu) return process.TotalProcessorTime;
            }
            catch (InvalidOperationException)
            {
                break; // exited between the two reads
            }
            Thread.Sleep(50);
        }
        return TimeSpan.Zero;
    }
}
