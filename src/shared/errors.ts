/**
 * One error type for the whole product. The server throws `AppError(code, message?)`; the HTTP layer answers
 * `{ code, message }` with the status below; the web client parses that back into an `AppError`.
 * `message` is always Chinese and always tells the user what is wrong and how to fix it.
 */
export const ERROR_CODES = {
  BAD_REQUEST: { status: 400, message: '请求格式不正确，请检查后重试。' },
  VALIDATION_FAILED: { status: 400, message: '提交的内容有误，请按提示修改后重试。' },
  UNAUTHENTICATED: { status: 401, message: '尚未登录或登录已过期，请重新登录。' },
  INVALID_CREDENTIALS: { status: 401, message: '用户名或密码错误。' },
  ACCOUNT_DISABLED: { status: 403, message: '该账号已被停用，请联系系统管理员。' },
  FORBIDDEN: { status: 403, message: '您没有执行此操作的权限。' },
  CSRF_FAILED: { status: 403, message: '安全校验失败，请刷新页面后重试。' },
  NOT_FOUND: { status: 404, message: '请求的内容不存在或已被删除。' },
  CONFLICT: { status: 409, message: '与已有数据冲突。' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '上传的内容过大。' },
  UNSUPPORTED_FILE: { status: 415, message: '不支持的文件类型。' },
  UNPROCESSABLE_DOCUMENT: { status: 422, message: '无法识别该文件的内容。' },
  RATE_LIMITED: { status: 429, message: '尝试次数过多，请稍后再试。' },
  UNAVAILABLE: { status: 503, message: '服务暂时不可用，请稍后再试。' },
  INTERNAL: { status: 500, message: '服务器内部错误，请稍后重试；如持续出现请联系系统管理员。' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Field-level problems, e.g. from validation: `{ path: 'name', message: '名称不能为空' }`. */
  readonly details: readonly { path: string; message: string }[];

  constructor(code: ErrorCode, message?: string, details: readonly { path: string; message: string }[] = []) {
    super(message ?? ERROR_CODES[code].message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}
