import type { z } from 'zod';

/**
 * Domain errors are values with a stable code, the field concerned, and a message in both interface
 * languages. Exceptions are kept for bugs.
 */
export const errorMessages = {
  INVALID_FIELD: { zh: '字段无效', en: 'Invalid field' },
  UNKNOWN_COMMAND: { zh: '未知的指令类型', en: 'Unknown command type' },
  UNKNOWN_EVENT_TYPE: { zh: '未知的事件类型', en: 'Unknown event type' },
  MESSAGE_TOO_LARGE: { zh: '内容超过允许的大小', en: 'Message exceeds the size limit' },
  NOT_FOUND: { zh: '对象不存在', en: 'Object not found' },
  ALREADY_EXISTS: { zh: '对象已存在', en: 'Object already exists' },
  INVALID_TRANSITION: { zh: '当前状态不允许此操作', en: 'Not allowed in the current state' },
  INCIDENT_CLOSED: { zh: '事件已处置结束', en: 'The incident is closed' },
  RECEIVED_BEFORE_OCCURRED: { zh: '接报时间早于发生时间', en: 'Received-at is before occurred-at' },
  REPORT_NOT_EDITABLE: { zh: '报告已提交，不能修改', en: 'The report is no longer editable' },
  APPROVER_REQUIRED: { zh: '需要带班领导签发', en: 'Approval by the leader on duty is required' },
  HASH_MISMATCH: { zh: '事件内容与哈希不符', en: 'Event content does not match its hash' },
  OBLIGATION_NOT_FOUND: { zh: '报送时限不存在', en: 'Report obligation not found' },
  REASON_REQUIRED: { zh: '必须填写原因', en: 'A reason is required' },
  STATION_UNREACHABLE: { zh: '无法连接本站服务', en: 'The station cannot be reached' },
  INVALID_REPLY: { zh: '本站服务返回了无效数据', en: 'The station sent an invalid reply' },
  NOT_PAIRED: { zh: '未配对：请输入本站显示的配对码', en: 'Not paired: enter the pairing code shown by the station' },
  NOT_AUTHENTICATED: { zh: '未认证或令牌无效', en: 'Not authenticated or the token is invalid' },
  NOT_AUTHORISED: { zh: '无权执行此操作', en: 'Not authorised for this action' },
  // 登录 (issue 17: station/auth)
  SIGN_IN_REQUIRED: { zh: '请先登录：本机未登录值班人员', en: 'Sign in first: nobody is signed in at this console' },
  SIGN_IN_FAILED: { zh: '姓名或口令不正确', en: 'The name or PIN is not correct' },
  SIGN_IN_THROTTLED: { zh: '尝试次数过多，请稍后再试', en: 'Too many attempts; wait and try again' },
  SESSION_LOCKED: { zh: '本机已锁定：请输入口令解锁', en: 'This console is locked: enter your PIN to unlock' },
  VIEW_ONLY: { zh: '大屏只能显示，不能操作', en: 'The wall display only shows; it cannot act' },
  WEAK_SECRET: { zh: '口令须为6至12位数字，或至少8位的密码', en: 'A PIN is 6 to 12 digits; a password at least 8 characters' },
  CONFIRMATION_REQUIRED: { zh: '签发须由带班领导输入本人口令确认', en: 'Signing needs the leader to confirm with their own PIN' },
  RATE_LIMITED: { zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again shortly' },
  OUT_OF_ORDER: { zh: '事件顺序不连续', en: 'Event is out of order for its station' },
  INCIDENT_NOT_LOCATED: { zh: '事件没有坐标，无法估算到达时间', en: 'The incident has no coordinates; arrival cannot be estimated' },
  LEDGER_UNREADABLE: { zh: '台账文件无法读取', en: 'The ledger file cannot be read' },
  LEDGER_SKIPPED_ROWS_UNCONFIRMED: { zh: '有问题的行不会导入，请先确认', en: 'Rows with problems will not be imported: confirm this first' },
  BASEMAP_UNREADABLE: { zh: '离线底图文件无法读取', en: 'The offline basemap file cannot be read' },
  // 值班表 (roster checks and decisions)
  POSITION_UNCOVERED: { zh: '岗位无人值守', en: 'A position has nobody assigned' },
  SHIFT_WITHOUT_LEADER: { zh: '班次没有带班领导', en: 'The shift has no leader on duty' },
  SHIFT_MULTIPLE_LEADERS: { zh: '班次有多名带班领导', en: 'The shift has more than one leader on duty' },
  DOUBLE_BOOKED: { zh: '同一人员班次时间重叠', en: 'The person is on overlapping shifts' },
  REST_TOO_SHORT: { zh: '两班之间休息时间不足', en: 'Rest between two shifts is below the minimum' },
  JOINT_DUTY_DEPARTMENT_MISSING: { zh: '重点时段联合值守缺少部门', en: 'A department required on joint duty is missing' },
  SHIFT_GAP: { zh: '24小时值班出现空档', en: 'There is a gap in the 24-hour coverage' },
  UNCOVERED_SOON: { zh: '即将开始的班次有岗位无人值守', en: 'A shift starting soon has an uncovered position' },
  UNKNOWN_PERSON: { zh: '人员不在值班名录中', en: 'The person is not in the duty staff directory' },
  NOT_QUALIFIED_FOR_POSITION: { zh: '人员不能担任该岗位', en: 'The person may not hold this position' },
  CHECK_IN_OUTSIDE_SHIFT: { zh: '不在本班次签到时间内', en: 'Check-in is outside the shift' },
  SWAP_NOT_PENDING: { zh: '换班申请不是待审批状态', en: 'The swap request is not pending' },
  SWAP_STALE: { zh: '班次已变更，换班申请失效', en: 'The shifts changed since the swap was requested' },
  // 应急预案 / 指挥部 (shared/headquarters)
  PLAN_UNKNOWN_ROLE: { zh: '预案引用了未定义的职务', en: 'The plan names a role it does not define' },
  PLAN_COMMANDER_NOT_TOP_OFFICIAL: { zh: '指挥长应由本级党政主要负责人担任', en: 'The commander must be the top party or government official of the level' },
  PLAN_LEVEL_MISSING: { zh: '预案没有该响应级别', en: 'The plan has no such response level' },
  HQ_LEADER_CONFIRMATION_REQUIRED: { zh: '启动指挥部须由带班领导确认', en: 'Activating a headquarters needs the leader on duty to confirm' },
  HQ_NO_COMMANDER: { zh: '指挥部必须有且只有一名指挥长', en: 'A headquarters needs exactly one commander' },
  HQ_TERMINATED: { zh: '应急响应已终止', en: 'The response has been terminated' },
  HQ_NOT_A_MEMBER: { zh: '此人不是指挥部成员', en: 'The person is not a member of the headquarters' },
  HQ_ALREADY_CHECKED_IN: { zh: '已到岗', en: 'Already checked in' },
  HQ_TASK_UNKNOWN: { zh: '预案中没有该任务', en: 'The plan has no such task' },
  HQ_TASK_DONE: { zh: '任务已完成', en: 'The task is already done' },
  HQ_LEVEL_UNCHANGED: { zh: '响应级别没有变化', en: 'The response level is unchanged' },
  TIME_IN_FUTURE: { zh: '时间晚于当前时间', en: 'The time is later than now' },
  TIME_BEFORE_START: { zh: '时间早于开始时间', en: 'The time is before the start' },
  // 预警叫应 (shared/warnings)
  WARNING_NO_RECIPIENTS: { zh: '预警没有接收人', en: 'The warning has no recipients' },
  WARNING_LIFTED: { zh: '预警已解除', en: 'The warning has been lifted' },
  WARNING_UNKNOWN_RECIPIENT: { zh: '不是该预警的接收人', en: 'Not a recipient of this warning' },
  WARNING_ALREADY_ACKNOWLEDGED: { zh: '接收人已叫应', en: 'The recipient has already acknowledged' },
  WARNING_NOT_ACKNOWLEDGED: { zh: '接收人尚未叫应', en: 'The recipient has not acknowledged yet' },
  WARNING_NO_SUPERIOR: { zh: '接收人没有登记上级', en: 'The recipient has no superior on record' },
  // 短信/语音外呼网关 (station/notify)
  NOTIFY_REJECTED: { zh: '短信/语音网关拒绝了请求', en: 'The SMS/voice gateway refused the request' },
  NOTIFY_GATEWAY_UNAVAILABLE: { zh: '短信/语音网关暂不可用', en: 'The SMS/voice gateway is unavailable' },
  PROVINCIAL_SYSTEM_UNAVAILABLE: { zh: '省级报送系统暂不可用或拒收', en: 'The provincial reporting system is unavailable or refused the report' },
  // 值班日志 (shared/dutylog)
  DUTYLOG_COUNTERPART_REQUIRED: { zh: '请填写对方：传达给谁、向谁报告', en: 'Name the counterpart: who it was relayed or reported to' },
  DUTYLOG_NOTHING_CHANGED: { zh: '更正内容与原记录相同', en: 'The correction changes nothing' },
  // 首次设置 (issue 19: station/setup)
  SETUP_REQUIRED: { zh: '本站尚未设置：请先完成首次设置', en: 'This station is not set up yet: finish the first-run set-up first' },
  SETUP_CLOSED: { zh: '本站正在运行：重新设置请以 npm start -- --setup 启动', en: 'The station is running: to set it up again, start it with npm start -- --setup' },
  SETUP_FILE_UNREADABLE: { zh: '文件无法读取', en: 'The file cannot be read' },
  // 演练 (shared/drills, issue 22)
  DRILL_NOT_RUNNING: { zh: '演练未在进行', en: 'The drill is not running' },
  DRILL_NOT_BELOW_ORGANISER: { zh: '被演练单位须在组织单位辖区内', en: 'A drilled station must lie within the organiser' },
  DRILL_BLIND_OWN_STATION: { zh: '双盲演练须由上级组织，不能演练本级', en: 'A blind drill is organised from above, not on the station itself' },
  DRILL_WRONG_LEVEL: { zh: '演练脚本不适用于该级单位', en: 'The drill script is not for a station of this level' },
  DRILL_INJECT_NOT_DUE: { zh: '情景注入尚未到时间', en: 'The inject is not due yet' },
  DRILL_NOT_DELIVERED: { zh: '本站没有收到该演练情景', en: 'This station did not receive that drill inject' },
  DRILL_ABOVE_ORGANISER: { zh: '演练信息不得报送到组织单位以上', en: 'Drill information goes no higher than the organiser' },
  DRILL_NOT_ENDED: { zh: '演练尚未结束', en: 'The drill has not ended' },
  DRILL_LINK_OUTSIDE: { zh: '该事件不属于被演练单位或不在演练时段内登记', en: 'The incident is not a drilled station’s or was not registered during the drill' },
  // 接报登记 (renderer intake form)
  TIME_FORMAT: {
    zh: '时间格式为 年-月-日 时:分（24 小时制），如 2026-12-07 03:05',
    en: 'Write the time as year-month-day hour:minute on the 24-hour clock, e.g. 2026-12-07 03:05',
  },
  AREA_UNKNOWN: {
    zh: '未找到该区划：请从提示中选择乡镇（街道）或村（社区），或输入区划代码',
    en: 'No such area: pick a township or village from the suggestions, or type its division code',
  },
} as const;

export type ErrorCode = keyof typeof errorMessages;

export interface DomainError {
  code: ErrorCode;
  /** Dotted path of the offending field, when the error is about one field. */
  field?: string;
  message: { zh: string; en: string };
  /** Extra detail for the log (never personal data). */
  detail?: string;
}

export function domainError(code: ErrorCode, field?: string, detail?: string): DomainError {
  const message = errorMessages[code];
  return {
    code,
    ...(field !== undefined ? { field } : {}),
    message: detail ? { zh: `${message.zh}：${detail}`, en: `${message.en}: ${detail}` } : { ...message },
    ...(detail !== undefined ? { detail } : {}),
  };
}

/** One DomainError per bad field of a failed zod parse, so the form can mark each field. */
export function fromZodError(error: z.ZodError, prefix = ''): DomainError[] {
  return error.issues.map((issue) => {
    const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return domainError('INVALID_FIELD', field || undefined, issue.message);
  });
}
