using System.Runtime.InteropServices;

namespace Chapter4.App;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM during a run: the handler reports what was finished (for `all --json`,
/// the JSON of the lessons finished so far), then the process ends with 128 + the signal's number
/// (130, 143), as shells expect of an interrupted program.
/// </summary>
public static partial class Interrupts
{
    public static IDisposable Register(Action<string> report)
    {
        var registrations = new List<PosixSignalRegistration>();
        foreach (var (signal, name, code) in new[] { (PosixSignal.SIGINT, "SIGINT", 130), (PosixSignal.SIGTERM, "SIGTERM", 143) })
        {
            registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                report(name);
                // Not Environment.Exit: the main thread may be inside libtorch, whose teardown under a
                // running op crashes (measured: SIGSEGV). Output is flushed; end the process at once.
                if (OperatingSystem.IsLinux()) ExitNow(code);
                Environment.Exit(code);
            }));
        }
        return new Registrations(registrations);
    }

    [LibraryImport("libc", EntryPoint = "_exit")]
    private static partial void ExitNow(int status);

    private sealed class Registrations(List<PosixSignalRegistration> registrations) : IDisposable
    {
        public void Dispose()
        {
            foreach (var r in registrations) r.Dispose();
        }
    }
}
