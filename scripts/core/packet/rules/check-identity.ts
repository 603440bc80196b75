/**
 * The packet's id, file name and folder tell the same story: `packets/<owner>/<id>.yaml`, with
 * the id's date a real date and its team part the owner in upper case. (That no two packets
 * share an id is checked across files, in `validate.ts`.)
 */
import { isCalendarDate } from '../../calendar.js';
import type { RuleFinding } from '../finding.js';
import type { Rule } from '../rule.js';

const ID_PARTS = /^EXC-(\d{4}-\d{2}-\d{2})-(.+)$/;

export const checkIdentity: Rule = ({ file, packet }) => {
  const findings: RuleFinding[] = [];
  const id = packet.exception_packet_id;
  const owner = packet.allocation_owner;

  const [, date = '', team = ''] = ID_PARTS.exec(id) ?? [];
  if (!isCalendarDate(date)) {
    findings.push({
      code: 'ID_DATE_INVALID',
      field: '/exception_packet_id',
      message: `the date ${date} in the id is not a real calendar date; use the filing date`,
    });
  }
  if (team !== owner.toUpperCase()) {
    findings.push({
      code: 'ID_OWNER_MISMATCH',
      field: '/exception_packet_id',
      message: `the id ends in ${team} but allocation_owner is ${owner}; end the id in ${owner.toUpperCase()}`,
    });
  }

  const parts = file.split('/');
  const name = parts.at(-1) ?? '';
  if (name !== `${id}.yaml`) {
    findings.push({
      code: 'FILE_NAME_MISMATCH',
      field: '/exception_packet_id',
      message: `the file is named ${name} but the id is ${id}; rename the file to ${id}.yaml`,
    });
  }
  const folder = parts.length >= 3 && parts[0] === 'packets' ? parts[1] : undefined;
  if (folder !== owner || parts.length !== 3) {
    findings.push({
      code: 'FOLDER_OWNER_MISMATCH',
      field: '/allocation_owner',
      message: `the packet is at ${file} but its owner is ${owner}; move it to packets/${owner}/${name}`,
    });
  }

  return findings;
};
