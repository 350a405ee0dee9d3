//! The command line: which command does what, and how its result is printed. Errors become
//! `anyhow` here, at the edge.

mod catalogue;
mod check;
mod completions;
mod open;
mod plan;
mod record;
mod report;
mod soa;
mod team;
mod template;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// auditday: the audit plan, the sampled checks, the interviews and the findings of an
/// ISO/IEC 27001 audit day, saved to disk the moment they are recorded.
#[derive(Debug, Parser)]
#[command(name = "auditday", version, about)]
pub struct Cli {
    /// The audit plan to open.
    pub plan: Option<PathBuf>,
    /// Who is recording, as named in the plan's team [default: $AUDITDAY_AUDITOR, else the
    /// lead auditor].
    #[arg(long, value_name = "NAME")]
    pub auditor: Option<String>,
    /// Folder holding audit records [default: $AUDITDAY_DATA, else the system's data folder].
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Let the mouse select and scroll (off by default, so the terminal's own selection works).
    #[arg(long)]
    pub mouse: bool,
    /// A catalogue file to use besides the built-in ones (docs/catalogue-format.md).
    #[arg(long, global = true, value_name = "FILE")]
    pub catalogue: Option<PathBuf>,
    /// The command to run instead of opening a plan.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands besides opening a plan.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check audit plans and print every problem found, with file:line:column.
    Check {
        /// Plan files to check.
        #[arg(required = true)]
        plans: Vec<PathBuf>,
    },
    /// List the catalogue's clauses and controls, or search them by id or title words.
    Catalogue {
        /// Words or an id to look for; everything is listed without it.
        query: Vec<String>,
    },
    /// Print the shell completion script for auditday (save it where your shell looks for
    /// completions; README.md says where).
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Print auditday's man page (roff) to standard output.
    Man,
    /// Print what an audit's record holds: each file's seal, findings by grade, samples done,
    /// interviews, the recommendation, and any damaged lines or lines not applied.
    Record {
        /// The audit plan whose record to print.
        plan: PathBuf,
        /// Print one JSON object, for scripts.
        #[arg(long)]
        json: bool,
        /// Print the event log instead, oldest first (with --json: one JSON object a line).
        #[arg(long)]
        events: bool,
        /// Folder holding audit records [default: $AUDITDAY_DATA, else the system's data folder].
        #[arg(long, value_name = "DIR")]
        data_dir: Option<PathBuf>,
    },
    /// Write the audit report (Markdown, printable HTML, or Word to a file, or filled into a
    /// Word template), the findings register (CSV, or XLSX to a file) or the report context
    /// (JSON) from an audit's plan and record; the record is only read.
    Report {
        /// The audit plan whose report to write.
        plan: PathBuf,
        /// The format [default: from --output's extension, else md].
        #[arg(long, value_enum)]
        format: Option<crate::report::Format>,
        /// The file to write [default: standard output; xlsx, pdf and docx need a file].
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Print the report context every format is made from, as JSON (docs/report-context.md).
        #[arg(long, conflicts_with = "format")]
        dump_context: bool,
        /// The paper, the language and the templates.
        #[command(flatten)]
        look: LookArgs,
        /// Fill this Word template (.docx with docxtpl-style tags, docs/report-templates.md)
        /// instead of writing the built-in report; needs -o FILE.docx.
        #[arg(long, value_name = "FILE.docx", conflicts_with = "dump_context")]
        template: Option<PathBuf>,
        /// Folder holding audit records [default: $AUDITDAY_DATA, else the system's data folder].
        #[arg(long, value_name = "DIR")]
        data_dir: Option<PathBuf>,
    },
    /// Write what the auditee receives before the audit, from the plan alone: the plan as they
    /// see it (--for-auditee: Markdown, printable HTML, or Word to a file) or what to prepare
    /// for each sample, by owner (--evidence-requests: also CSV, or XLSX to a file); or draft
    /// a plan from an SoA (`plan new --from-soa`).
    #[command(subcommand_negates_reqs = true, args_conflicts_with_subcommands = true)]
    Plan {
        /// The audit plan.
        #[arg(required = true)]
        plan: Option<PathBuf>,
        /// The audit plan as the auditee receives it: objectives, scope, criteria, the team,
        /// the timetable with who is needed when, the meetings.
        #[arg(long, required_unless_present = "evidence_requests")]
        for_auditee: bool,
        /// What to prepare for each sample, grouped by owner, with when it is looked at.
        #[arg(long, conflicts_with = "for_auditee")]
        evidence_requests: bool,
        /// The format [default: from --output's extension, else md].
        #[arg(long, value_enum)]
        format: Option<crate::report::Format>,
        /// The file to write [default: standard output; xlsx, pdf and docx need a file].
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// The paper, the language and the templates.
        #[command(flatten)]
        look: LookArgs,
        /// Draft a new plan instead.
        #[command(subcommand)]
        new: Option<PlanCommand>,
    },
    /// Check an organisation's Statement of Applicability (CSV or XLSX).
    Soa {
        /// What to do with it.
        #[command(subcommand)]
        command: SoaCommand,
    },
    /// Work with a certification body's Word template for the report.
    Template {
        /// What to do with it.
        #[command(subcommand)]
        action: TemplateAction,
    },
    /// A team's shared audit folder: the plan and every auditor's record, carried between
    /// laptops by git or Syncthing.
    Team {
        /// What to do with it.
        #[command(subcommand)]
        command: TeamCommand,
    },
    /// Run a practice audit on a scenario (docs/scenario-format.md): the day as usual, with an
    /// auditee who hands over the next document when asked (`a` in a sample) and answers
    /// interview questions, and a score once the closing meeting has ended (`S` there).
    Practice {
        /// The scenario file.
        scenario: PathBuf,
        /// Who is recording, as named in the scenario's team [default: $AUDITDAY_AUDITOR,
        /// else the lead auditor].
        #[arg(long, value_name = "NAME")]
        auditor: Option<String>,
        /// Folder holding audit records [default: $AUDITDAY_DATA, else the system's data folder].
        #[arg(long, value_name = "DIR")]
        data_dir: Option<PathBuf>,
        /// Let the mouse select and scroll.
        #[arg(long)]
        mouse: bool,
    },
    /// Test-only: append notes to a record, printing each id once it is saved.
    #[command(hide = true)]
    RecordAppend {
        /// Folder holding audit records.
        #[arg(long, value_name = "DIR", required_unless_present = "folder")]
        data_dir: Option<PathBuf>,
        /// A team's audit folder holding the records instead.
        #[arg(long, value_name = "DIR", conflicts_with = "data_dir")]
        folder: Option<PathBuf>,
        /// Audit id.
        #[arg(long)]
        audit: String,
        /// Auditor name.
        #[arg(long)]
        auditor: String,
        /// How many notes to append.
        #[arg(long, default_value_t = u64::MAX)]
        count: u64,
        /// Keep the record open until standard input closes.
        #[arg(long)]
        hold: bool,
    },
}

/// How a document looks, as `report` and `plan` are asked: the paper, the language, the
/// auditor's own templates.
#[derive(Debug, clap::Args)]
pub struct LookArgs {
    /// The paper a PDF is set on.
    #[arg(long, value_enum, default_value_t)]
    paper: crate::report::Paper,
    /// The language of the words: en or fr [default: the plan's `language`, else en].
    #[arg(long, value_name = "CODE")]
    lang: Option<String>,
    /// A folder of your own templates, each used in place of the built-in one of its name
    /// (report.html.j2, report.typ …) [default: $AUDITDAY_TEMPLATES, else templates in
    /// auditday's config folder].
    #[arg(long, value_name = "DIR")]
    template_folder: Option<PathBuf>,
}

impl LookArgs {
    /// The look of a document of `plan`: the language asked for, else the plan's; the
    /// templates of the folder asked for, else of the variable or the config folder.
    fn look(&self, plan: &crate::plan::Plan) -> anyhow::Result<crate::report::Look<'static>> {
        Ok(crate::report::Look {
            words: crate::report::Words::of(self.lang.as_deref(), plan)?,
            paper: self.paper,
            templates: crate::report::Templates::user(self.template_folder.as_deref())?,
        })
    }
}

/// What `auditday template` does.
#[derive(Debug, Subcommand)]
pub enum TemplateAction {
    /// Fill the template from a plan's report context (else from a built-in example) and
    /// list every tag that does not parse or does not resolve, with its part and paragraph;
    /// exit code 1 if there is any.
    Check {
        /// The Word template (.docx).
        file: PathBuf,
        /// An audit plan whose report context to fill it from.
        plan: Option<PathBuf>,
        /// Folder holding audit records [default: $AUDITDAY_DATA, else the system's data folder].
        #[arg(long, value_name = "DIR")]
        data_dir: Option<PathBuf>,
    },
}

/// The `plan` commands besides writing the auditee's documents.
#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Draft a plan from an SoA: a seeded, weighted sample of its applicable controls covering
    /// every Annex A theme and clauses 9.2, 9.3 and 10.2, with a timetable for the days;
    /// placeholders are marked EDIT (docs/soa.md).
    New {
        /// The Statement of Applicability (.csv or .xlsx).
        #[arg(long, value_name = "SOA")]
        from_soa: PathBuf,
        /// The kind of audit.
        #[arg(long, default_value = "stage2", value_parser = ["stage2", "surveillance", "recertification", "internal", "mock"])]
        kind: String,
        /// Days of the audit (1–31).
        #[arg(long, default_value_t = 2)]
        days: u32,
        /// Samples in all, with 9.2, 9.3 and 10.2.
        #[arg(long, default_value_t = 25)]
        samples: usize,
        /// The seed of the draw [default: from the clock, printed so it can be given again].
        #[arg(long)]
        seed: Option<u64>,
        /// The first day, YYYY-MM-DD [default: the Monday at least two weeks ahead].
        #[arg(long, value_name = "DATE")]
        start: Option<chrono::NaiveDate>,
        /// The file to write [default: standard output].
        #[arg(short, long, value_name = "PLAN.toml")]
        output: Option<PathBuf>,
    },
}

/// The `soa` commands.
#[derive(Debug, Subcommand)]
pub enum SoaCommand {
    /// Print every problem of the SoA (controls missing of Annex A, listed twice, excluded
    /// without justification, unknown or 2013 ids) with file:row:column, then a summary;
    /// exit code 1 if there is any.
    Check {
        /// The Statement of Applicability (.csv or .xlsx).
        file: PathBuf,
        /// Print one JSON object, for scripts.
        #[arg(long)]
        json: bool,
    },
}

/// The `team` commands.
#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Make a shareable audit folder: the plan copied in as plan.toml, a records folder, and
    /// the .gitattributes and .gitignore a git repository of it needs. Open it with
    /// `auditday DIR`.
    Init {
        /// The audit plan to copy in (checked first).
        plan: PathBuf,
        /// The folder to make [default: the audit's id, in the current folder].
        dir: Option<PathBuf>,
    },
    /// Commit your record in the audit folder, pull the others' (rebase) and push yours,
    /// through git; with no remote or no network, say so and keep working offline.
    Sync {
        /// The audit folder [default: the current folder].
        dir: Option<PathBuf>,
        /// Who you are, as named in the plan's team [default: $AUDITDAY_AUDITOR, else the
        /// lead auditor].
        #[arg(long, value_name = "NAME")]
        auditor: Option<String>,
    },
}

/// Runs one parsed command line; the exit code says whether it succeeded.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let extra = cli
        .catalogue
        .as_deref()
        .map(crate::catalogue::Catalogue::load)
        .transpose()?;
    match cli.command {
        Some(Command::Check { plans }) => check::run(&plans, extra.as_ref()),
        Some(Command::Catalogue { query }) => catalogue::run(&query.join(" "), extra.as_ref()),
        Some(Command::Completions { shell }) => completions::completions(shell),
        Some(Command::Man) => completions::man(),
        Some(Command::Record {
            plan,
            json,
            events,
            data_dir,
        }) => {
            let output = match (events, json) {
                (false, false) => record::Output::Text,
                (false, true) => record::Output::Json,
                (true, false) => record::Output::Events,
                (true, true) => record::Output::EventsJson,
            };
            record::show(&plan, extra.as_ref(), data_dir.as_deref(), output)
        }
        Some(Command::Report {
            plan,
            format,
            output,
            dump_context,
            look,
            template,
            data_dir,
        }) => report::run(
            &report::Request {
                plan: &plan,
                format,
                output: output.as_deref(),
                dump_context,
                look: &look,
                template: template.as_deref(),
                data_dir: data_dir.as_deref(),
            },
            extra.as_ref(),
        ),
        Some(Command::Plan {
            new:
                Some(PlanCommand::New {
                    from_soa,
                    kind,
                    days,
                    samples,
                    seed,
                    start,
                    output,
                }),
            ..
        }) => soa::new_plan(
            &soa::NewPlan {
                soa: &from_soa,
                kind: &kind,
                days,
                samples,
                seed,
                start,
                output: output.as_deref(),
            },
            extra.as_ref(),
        ),
        Some(Command::Soa {
            command: SoaCommand::Check { file, json },
        }) => soa::check(&file, json),
        Some(Command::Plan {
            plan: Some(plan),
            for_auditee,
            format,
            output,
            look,
            ..
        }) => plan::run(
            &plan::Request {
                plan: &plan,
                document: if for_auditee {
                    plan::Document::ForAuditee
                } else {
                    plan::Document::EvidenceRequests
                },
                format,
                output: output.as_deref(),
                look: &look,
            },
            extra.as_ref(),
        ),
        Some(Command::Plan { plan: None, .. }) => {
            anyhow::bail!(
                "give the audit plan, or draft one with `auditday plan new --from-soa SOA`"
            )
        }
        Some(Command::Template {
            action:
                TemplateAction::Check {
                    file,
                    plan,
                    data_dir,
                },
        }) => template::check(&file, plan.as_deref(), data_dir.as_deref(), extra.as_ref()),
        Some(Command::Team {
            command: TeamCommand::Init { plan, dir },
        }) => team::init(&plan, dir.as_deref(), extra.as_ref()),
        Some(Command::Team {
            command: TeamCommand::Sync { dir, auditor },
        }) => team::sync(dir.as_deref(), auditor.as_deref(), extra.as_ref()),
        Some(Command::Practice {
            scenario,
            auditor,
            data_dir,
            mouse,
        }) => open::run(
            &scenario,
            extra,
            auditor.as_deref(),
            data_dir.as_deref(),
            mouse,
            true,
        ),
        Some(Command::RecordAppend {
            data_dir,
            folder,
            audit,
            auditor,
            count,
            hold,
        }) => {
            let home = match (folder, data_dir) {
                (Some(folder), _) => crate::record::Home::Team(folder),
                (None, data_dir) => crate::record::Home::Data(data_dir.unwrap_or_default()),
            };
            record::append_for_test(&home, &audit, &auditor, count, hold)
        }
        None => match cli.plan {
            Some(plan) => open::run(
                &plan,
                extra,
                cli.auditor.as_deref(),
                cli.data_dir.as_deref(),
                cli.mouse,
                false,
            ),
            None => {
                use clap::CommandFactory;
                Cli::command().print_help()?;
                Ok(ExitCode::from(2))
            }
        },
    }
}
