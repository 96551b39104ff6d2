using System.CommandLine;
using GitHubBackup.Runner;
using GitHubBackup.Runner.Cli;

// Whatever prints, no secret leaves through the console (see ScrubbingWriter).
Console.SetOut(new ScrubbingWriter(Console.Out));
Console.SetError(new ScrubbingWriter(Console.Error));

var root = new RootCommand("github-backup: complete, verified, restorable backups of a GitHub organization.")
{
    BackupCommand.Create(),
    RestoreCommand.Create(),
    ListCommand.Create(),
    VerifyCommand.Create(),
    PruneCommand.Create(),
    ReportCommand.Create(),
    RunBatchCommand.Create(),
};

if (UnknownCommand.Message(root, args) is { } unknown)
{
    await Console.Error.WriteLineAsync($"error: {unknown}");
    return ExitCodes.Usage;
}

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // One line, exit 2: the usage contract every command shares.
    var command = parse.CommandResult.Command.Name;
    await Console.Error.WriteLineAsync($"error: {parse.Errors[0].Message} (see 'github-backup {(command == root.Name ? "" : command + " ")}--help')");
    return ExitCodes.Usage;
}

return await parse.InvokeAsync();
