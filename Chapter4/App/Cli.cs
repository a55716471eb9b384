using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using Chapter4.Harness;

namespace Chapter4.App;

/// <summary>
/// The command line, on System.CommandLine: <c>list</c>, <c>all</c>, <c>bench</c>, <c>help</c> and one
/// subcommand per lesson whose options are generated from its <see cref="KnobAttribute"/> properties.
/// Our contract on top of the library: every error is ONE line on stderr; exit 0 ok, 1 a lesson
/// failed while running, 2 bad input (found before anything ran: stdout stays empty, even with --json).
/// </summary>
public static class Cli
{
    public const string Usage = "dotnet run --project Chapter4 --";

    /// <summary>The longest error line written.</summary>
    public const int MaxLine = 2000;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        // Numbers as Python prints them, in code, whatever DOTNET_SYSTEM_GLOBALIZATION_INVARIANT or LC_ALL say.
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        try
        {
            return Dispatch(args, stdout, stderr);
        }
        catch (LessonInputException e)
        {
            return Fail(stderr, e.Message, 2);
        }
        catch (LessonRunException e)
        {
            return Fail(stderr, e.Message, 1);
        }
        catch (Exception e) when (StandardOutput.IsBrokenPipe(e))
        {
            // The reader of stdout has gone (`| head -1`): stop, quietly.
            return StandardOutput.BrokenPipeExit;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            return Fail(stderr, $"cannot write the output ({e.GetType().Name}: {Text.FirstLine(e.Message)})", 1);
        }
        catch (Exception e)
        {
            // A bug of ours, not the user's mistake: still one line and exit 1; CHAPTER4_DEBUG=1 shows the trace first.
            return Fail(stderr, LessonRunner.InternalError(e, stderr), 1);
        }
    }

    /// <summary>
    /// Whether progress lines are for a person: stdout is the console's and neither stream is redirected
    /// (a script or a pipe gets the results alone).
    /// </summary>
    public static bool AtTerminal(TextWriter stdout) =>
        ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected && !Console.IsErrorRedirected;

    /// <summary>Writes "error: message" as one line; a closed or full stderr cannot turn it into a crash.</summary>
    public static int Fail(TextWriter stderr, string message, int exitCode)
    {
        try
        {
            // Every echo of user text is cut (Text.Echo); this bounds what a library message could still repeat.
            string line = Text.Escape(message);
            stderr.WriteLine("error: " + (line.Length > MaxLine ? line[..MaxLine] + "…" : line));
            stderr.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or UnauthorizedAccessException)
        {
            // Nowhere left to say it: the exit code still does.
        }
        return exitCode;
    }

    private static int Dispatch(string[] args, TextWriter stdout, TextWriter stderr)
    {
        RootCommand root = Commands.Build(stdout, stderr);
        // @file arguments are read by us (regular text files, bounded, no cycles), never by the parser.
        args = ResponseFiles.Expand(args);
        ParseResult parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (GivenTwice(parsed) is { } twice)
            return Fail(stderr, $"{twice} given twice; give each option once", 2);
        if (parsed.Errors.Count > 0 && parsed.Action is ParseErrorAction)
            return Fail(stderr, ParseErrorLine(root, parsed, args), 2);
        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        return parsed.Invoke(invocation);
    }

    /// <summary>The first option given more than once (a repeatable option such as book's --set aside), or null.</summary>
    private static string? GivenTwice(ParseResult parsed)
    {
        var options = new List<Option>();
        for (SymbolResult? r = parsed.CommandResult; r is not null; r = r.Parent)
            if (r is CommandResult c) options.AddRange(c.Command.Options);
        var seen = new HashSet<Option>();
        foreach (Token token in parsed.Tokens)
        {
            if (token.Type != TokenType.Option) continue;
            Option? option = options.FirstOrDefault(o => o.Name == token.Value || o.Aliases.Contains(token.Value));
            if (option is null || option.Arity.MaximumNumberOfValues > 1) continue;
            if (!seen.Add(option)) return option.Name;
        }
        return null;
    }

    /// <summary>
    /// The one line for a parse error: the library's first relevant error and, for a mistyped name,
    /// its typo correction ("did you mean 'model'?").
    /// </summary>
    private static string ParseErrorLine(RootCommand root, ParseResult parsed, string[] args)
    {
        Command command = parsed.CommandResult.Command;
        string? unmatched = parsed.UnmatchedTokens.FirstOrDefault();
        if (unmatched is not null)
        {
            // "model -- --seed 3": after '--' every token is a plain argument, however it looks.
            int end = Array.IndexOf(args, "--");
            if (end >= 0 && Array.IndexOf(args, unmatched) is var first && (first < 0 || first > end))
                return $"'{Text.Echo(unmatched)}' comes after '--', which makes it a plain argument, not {(unmatched.StartsWith('-') ? "an option" : "a command")}; " +
                    $"nothing takes plain arguments here: remove the '--'";
            string? suggestion = TypoCorrection(parsed, unmatched);
            string hint = suggestion is null ? ";" : $"; did you mean '{suggestion}'?";
            // "--seed 3 model": options belong after the command.
            string? named = args.FirstOrDefault(a => root.Subcommands.Any(c => c.Name == a));
            if (named is not null && unmatched.StartsWith('-') && Array.IndexOf(args, unmatched) is var at and >= 0 && at < Array.IndexOf(args, named))
                return $"'{Text.Echo(unmatched)}' must come after the command: {Usage} {named} {Text.Echo(unmatched)} ...";
            if (command == root)
            {
                return $"unknown lesson or command '{Text.Echo(unmatched)}'{hint} valid: {string.Join(", ", root.Subcommands.Select(c => c.Name))}";
            }
            if (unmatched.StartsWith('-'))
            {
                var valid = command.Options.Where(o => o is not System.CommandLine.Help.HelpOption && !o.Hidden).Select(o => o.Name).ToList();
                return valid.Count == 0
                    ? $"unknown option '{Text.Echo(unmatched)}' for '{command.Name}'{hint} '{command.Name}' takes no options" +
                        (command.Name == "help" ? ": it takes a command's name alone, e.g. help model" : "")
                    : $"unknown option '{Text.Echo(unmatched)}' for '{command.Name}'{hint} valid: {string.Join(", ", valid)}";
            }
            return $"unexpected argument '{Text.Echo(unmatched)}' for '{command.Name}'{hint} options look like --name value";
        }
        return parsed.Errors[0].Message;
    }

    /// <summary>The library's typo correction for one token, read from its parse-error action's output.</summary>
    private static string? TypoCorrection(ParseResult parsed, string token)
    {
        if (parsed.Action is not ParseErrorAction action) return null;
        action.ShowHelp = false;
        action.ShowTypoCorrections = true;
        var output = new StringWriter();
        parsed.Invoke(new InvocationConfiguration { Output = output, Error = TextWriter.Null });
        string[] lines = output.ToString().Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        int at = Array.FindIndex(lines, l => l.StartsWith($"'{token}'", StringComparison.Ordinal));
        string? suggestion = at >= 0 && at + 1 < lines.Length && !lines[at + 1].StartsWith('\'') ? lines[at + 1] : null;
        // The help option is suggested for any short name ('--lr' → '--help'): no help to the learner.
        return suggestion is null or "-h" or "-?" or "--help" ? null : suggestion;
    }
}
