using Chapter4.Exercises.Checker;

// The exercises' checker: see Checker/Cli.cs, and exercises.json for the list.
string state = Environment.GetEnvironmentVariable("CHAPTER4_EXERCISES_STATE")
    ?? Path.Combine(ExerciseList.BuildMetadata("ExercisesDirectory") ?? AppContext.BaseDirectory, ".hints");
try
{
    return Cli.Run(args, Console.Out, Console.Error, state);
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
{
    // A closed or full stdout (`> /dev/full`, `>&-`): one line and exit 1, never an unhandled-exception abort.
    try { Console.Error.WriteLine($"error: cannot write the output ({e.GetType().Name}: {e.Message.Split('\n')[0]})"); }
    catch (Exception again) when (again is IOException or UnauthorizedAccessException or ObjectDisposedException) { }
    return 1;
}
