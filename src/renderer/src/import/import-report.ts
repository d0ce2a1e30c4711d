// Adds up the reports of the jobs of one import session (a web upload is several calls, each its own job).
import type { ImportReport } from '../../../shared/api';

export function emptyReport(): ImportReport {
  return { imported: 0, duplicates: 0, duplicateFiles: [], failed: [], cancelled: false };
}

export function mergeReports(a: ImportReport, b: ImportReport): ImportReport {
  return {
    imported: a.imported + b.imported,
    duplicates: a.duplicates + b.duplicates,
    duplicateFiles: [...a.duplicateFiles, ...b.duplicateFiles],
    failed: [...a.failed, ...b.failed],
    cancelled: a.cancelled || b.cancelled,
  };
}
