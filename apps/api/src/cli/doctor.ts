import type { DoctorReport } from '@lore/core';
import type { Config } from '../config.js';
import { createContainer } from '../container.js';

/** `lore doctor [--repair] [--json]`: exit 0 when clean (or all repaired), 2 when problems remain. */
export async function runDoctorCommand(
  config: Config,
  options: { repair?: boolean; json?: boolean },
): Promise<number> {
  // No worker: the doctor must see the data as the last process left it.
  const lore = await createContainer(config, { worker: false });
  let report: DoctorReport;
  try {
    report = await lore.doctor({ repair: options.repair ?? false });
  } finally {
    await lore.close();
  }
  const open = report.findings.filter((finding) => !finding.repaired);
  if (options.json) {
    console.log(JSON.stringify(report, null, 2));
    return open.length > 0 ? 2 : 0;
  }
  console.log(`Checked ${report.collections} collections, ${report.documents} documents.`);
  for (const finding of report.findings) {
    const state = finding.repaired ? 'repaired' : 'found';
    console.log(`${state.padEnd(9)}${finding.kind.padEnd(22)}[${finding.collection}] ${finding.message}`);
  }
  if (report.findings.length === 0) console.log('Postgres and LanceDB agree; nothing is stuck.');
  else if (open.length > 0 && !options.repair) console.log('Run `lore doctor --repair` to fix these.');
  return open.length > 0 ? 2 : 0;
}
