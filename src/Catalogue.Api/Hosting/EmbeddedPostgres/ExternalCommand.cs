using System.ComponentModel;
using System.Diagnostics;

namespace Catalogue.Api.Hosting.EmbeddedPostgres;

internal sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    public string Output => $"{StandardOutput.Trim()}\n{StandardError.Trim()}".Trim();
}

/// <summary>Runs initdb, pg_ctl and the few system tools the launcher needs, never waiting forever.</summary>
internal static class ExternalCommand
{
    // Output is read after exit; a grandchild that inherited the pipes (it should not: pg_ctl -l redirects
    // the server's output) must not keep us waiting.
    private static readonly TimeSpan OutputGrace = TimeSpan.FromSeconds(5);

    /// <summary>Folders where system tools live even when PATH leaves them out (root in a container often lacks sbin).</summary>
    private static readonly string[] SystemFolders = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"];

    public static async Task<CommandResult> RunAsync(
        string executable, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken ct)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The caller's working directory may be one the cluster user cannot enter (initdb complains).
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new EmbeddedPostgresException($"Could not run '{executable}': {e.Message}", e);
        }

        process.StandardInput.Close();
        var standardOutput = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var standardError = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            ct.ThrowIfCancellationRequested();
            throw new EmbeddedPostgresException(
                $"'{Describe(executable, arguments)}' did not finish within {timeout.TotalSeconds:0} s and was stopped.");
        }

        return new CommandResult(process.ExitCode, await Collect(standardOutput), await Collect(standardError));
    }

    /// <summary>Full path of a system tool, or null when it is not installed.</summary>
    public static string? FindTool(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(SystemFolders)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
    }

    public static string Describe(string executable, IEnumerable<string> arguments) =>
        string.Join(' ', arguments.Prepend(executable).Select(ShellQuote));

    /// <summary>Quotes a word for /bin/sh so that it reaches the program unchanged.</summary>
    public static string ShellQuote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "/._-=:,@+".Contains(c))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static async Task<string> Collect(Task<string> output)
    {
        try
        {
            return await output.WaitAsync(OutputGrace);
        }
        catch (TimeoutException)
        {
            return "";
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own meanwhile.
        }
    }
}
