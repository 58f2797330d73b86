using JasperFx.CommandLine;
using Spectre.Console;

namespace Catalogue.Api.Hosting;

/// <summary>
/// The service's command line: no verb runs the service; Catalogue's own verbs (<see cref="CatalogueVerbs"/>, each
/// added by its capability) come first, and the Critter Stack's (<c>db-apply</c>, <c>db-dump</c>, <c>db-patch</c>,
/// <c>codegen</c>, …) are reached after them.
/// </summary>
public static class CatalogueCommandLine
{
    /// <summary>The exit code of a command line that names no verb or misuses one (BSD's EX_USAGE).</summary>
    public const int UsageError = 64;

    /// <summary>
    /// The Critter Stack's verbs Catalogue does not offer, and why; <c>run</c> and <c>help</c> are Catalogue's own.
    /// </summary>
    private static readonly Dictionary<string, string> Withheld = new()
    {
        ["openapi"] = "The running service serves its OpenAPI document at /openapi/v1.json, and a reference page at /docs.",
        ["run"] = "",
        ["help"] = "",
    };

    /// <summary>JasperFx's own rule: no verb, or only options, means <c>run</c>.</summary>
    public static bool RunsTheService(string[] args) => args is [] or ["run", ..] || (args[0].StartsWith('-') && !IsHelp(args[0]));

    /// <summary>
    /// Answers what needs neither the service nor its database — help, a verb that runs offline, arguments a verb
    /// refuses, and a verb that does not exist — so that nothing starts for them. Null when <paramref name="args"/>
    /// name a verb to run on the service, or the service itself.
    /// </summary>
    public static async Task<int?> AnswerBeforeStartAsync(CatalogueVerbs verbs, string[] args, TextWriter output, TextWriter error)
    {
        if (args is [var first, ..] && IsHelp(first))
        {
            return await HelpAsync(verbs, args[1..], output, error);
        }

        if (RunsTheService(args)) return null;
        if (verbs.Named(args[0]) is { } ours)
        {
            // `VERB --help` asks how to use the verb, as `help VERB` does: export-events took it for the file to write.
            if (args[1..].Any(IsHelpOption)) return await HelpAsync(verbs, [args[0]], output, error);
            if (ours.Refuses(args[1..]) is { } usage)
            {
                await error.WriteLineAsync(usage);
                return UsageError;
            }

            if (ours.Offline) return await ours.Run!(new VerbRun(args[1..], output, error, services: null, CancellationToken.None));
            return null;
        }

        var framework = FrameworkVerbs();
        if (framework.Any(v => v.Verb == args[0]))
        {
            // Its own "Searching … for commands" lines say nothing to the person who typed the verb.
            new CommandFactory().ApplyExtensions(new ServiceCollection());
            return null;
        }

        await error.WriteLineAsync(Withheld.GetValueOrDefault(args[0]) is { Length: > 0 } why
            ? $"'{args[0]}' is not offered: {why}"
            : $"Unknown verb '{args[0]}'.{Suggestion(verbs, args[0], framework)} `help` lists the verbs.");
        return UsageError;
    }

    private static bool IsHelp(string arg) => arg is "help" or "?" || IsHelpOption(arg);

    /// <summary>Help asked as an option, which no verb's argument is: "help" or "?" alone may be a name or a value.</summary>
    private static bool IsHelpOption(string arg) => arg is "--help" or "-h" or "-?";

    private static async Task<int> HelpAsync(CatalogueVerbs verbs, string[] args, TextWriter output, TextWriter error)
    {
        switch (args)
        {
            // help --help asks what help asks (found from outside: "Unknown verb '--help'").
            case []:
            case [var again, ..] when IsHelp(again):
                await output.WriteAsync(Usage(verbs, framework: null));
                return 0;
            case ["--all", ..]:
                await output.WriteAsync(Usage(verbs, FrameworkVerbs()));
                return 0;
            case [var verb, ..] when verb != "" && verbs.Named(verb) is { } ours:
                await output.WriteLineAsync($"usage: {ours.Usage}\n    {ours.Description}");
                return 0;
            case [var verb, ..] when FrameworkVerbs() is var framework && framework.Any(v => v.Verb == verb):
                new CommandFactory().ApplyExtensions(new ServiceCollection());
                return await CommandExecutor.For(RegisterFrameworkVerbs).ExecuteAsync(["help", verb]);
            default:
                await error.WriteLineAsync($"Unknown verb '{args[0]}'.{Suggestion(verbs, args[0], FrameworkVerbs())} `help` lists the verbs.");
                return UsageError;
        }
    }

    private static string Usage(CatalogueVerbs verbs, IReadOnlyList<(string Verb, string Description)>? framework)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine("usage: dotnet run --project src/Catalogue.Api -- [VERB] [ARGUMENTS]   (installed: Catalogue.Api [VERB] …)");
        text.AppendLine();
        AppendTable(text, verbs.All.Select(v => (v.Usage, v.Description)));
        text.AppendLine();
        if (framework is null)
        {
            text.AppendLine("The Critter Stack's verbs (db-apply, db-assert, db-dump, db-patch, codegen, describe, …) come after these:");
            text.AppendLine("`help --all` lists them, `help VERB` tells how to use one.");
            return text.ToString();
        }

        text.AppendLine("The Critter Stack's verbs (`help VERB` tells how to use one):");
        text.AppendLine();
        AppendTable(text, framework);
        return text.ToString();
    }

    private static void AppendTable(System.Text.StringBuilder text, IEnumerable<(string Usage, string Description)> rows)
    {
        const int column = 26;
        foreach (var (usage, description) in rows)
        {
            text.Append("  ").Append(usage);
            if (usage.Length + 2 < column) text.Append(' ', column - usage.Length - 2).AppendLine(description);
            else text.AppendLine().Append(' ', column).AppendLine(description);
        }
    }

    /// <summary>The Critter Stack's verbs this service offers, with their own descriptions, found as JasperFx finds them.</summary>
    private static IReadOnlyList<(string Verb, string Description)> FrameworkVerbs()
    {
        var factory = new CommandFactory();
        var console = AnsiConsole.Console;
        // The search announces every assembly it looks into.
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
        try
        {
            RegisterFrameworkVerbs(factory);
        }
        finally
        {
            AnsiConsole.Console = console;
        }

        return
        [
            .. factory.AllCommandTypes()
                .Select(type => (Verb: CommandFactory.CommandNameFor(type), Description: CommandFactory.DescriptionFor(type) is var said && said != type.FullName ? said : "(no description)"))
                .Where(v => !Withheld.ContainsKey(v.Verb))
                .Select(v => v.Verb == "projections" ? (v.Verb, "the projection daemon's other actions; `projections rebuild` is Catalogue's own, above") : v)
                .DistinctBy(v => v.Verb)
                .OrderBy(v => v.Verb, StringComparer.Ordinal),
        ];
    }

    private static void RegisterFrameworkVerbs(CommandFactory factory)
    {
        factory.RegisterCommands(typeof(JasperFx.CommandLine.Commands.RunCommand).Assembly);
        factory.RegisterCommandsFromExtensionAssemblies();
    }

    /// <summary>" Did you mean 'import'?" for the verb nearest to what was typed, when one is near enough to be meant.</summary>
    private static string Suggestion(CatalogueVerbs verbs, string typed, IReadOnlyList<(string Verb, string Description)> framework)
    {
        var nearest = verbs.All.Select(v => v.Name).Where(v => v != "").Concat(framework.Select(v => v.Verb))
            .Select(verb => (Verb: verb, Distance: EditDistance(typed.ToLowerInvariant(), verb)))
            .OrderBy(v => v.Distance)
            .First();
        return nearest.Distance <= Math.Max(2, typed.Length / 3) ? $" Did you mean '{nearest.Verb}'?" : "";
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.</summary>
    private static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }

        return d[a.Length, b.Length];
    }
}
