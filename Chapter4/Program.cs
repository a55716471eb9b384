using System.Globalization;
using Chapter4.App;

// Chapter4: every snippet of the course's chapter 4 as a runnable lesson. See README.md.
// Numbers are printed the way Python prints them, whatever the machine's culture says.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
StandardOutput.ReportBrokenPipes();
try
{
    return Cli.Run(args, Console.Out, Console.Error);
}
catch (Exception)
{
    // Cli.Run reports every error itself; this only guards a stderr that cannot be written (closed),
    // so that nothing ends as an unhandled-exception abort (exit 134).
    return 1;
}
